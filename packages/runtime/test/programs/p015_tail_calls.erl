-module(p015_tail_calls).
-export([main/0]).
%% Tail calls in constant stack, mutual recursion, a deep non-tail recursion (stack growth).
count(0, Acc) -> Acc;
count(N, Acc) -> count(N - 1, Acc + 1).
even(0) -> true;
even(N) -> odd(N - 1).
odd(0) -> false;
odd(N) -> even(N - 1).
len([]) -> 0;
len([_ | T]) -> 1 + len(T).
main() -> {count(1000000, 0), even(10001), odd(7), len(lists:seq(1, 100000))}.
