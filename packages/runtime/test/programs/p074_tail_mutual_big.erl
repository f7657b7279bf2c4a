-module(p074_tail_mutual_big).
-export([main/0]).
%% Long-running tail-recursive loops across many slices (yield and resume).
collatz(1, Steps) -> Steps;
collatz(N, Steps) when N rem 2 =:= 0 -> collatz(N div 2, Steps + 1);
collatz(N, Steps) -> collatz(3 * N + 1, Steps + 1).
longest(Max) -> lists:foldl(fun(N, {Best, BestN}) -> S = collatz(N, 0), if S > Best -> {S, N}; true -> {Best, BestN} end end, {0, 0}, lists:seq(1, Max)).
main() -> longest(20000).
