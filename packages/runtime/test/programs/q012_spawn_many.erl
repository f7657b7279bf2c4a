-module(q012_spawn_many).
-export([main/0]).
%% Thousands of short-lived processes reporting back; a counter of their sum.
main() ->
    Self = self(),
    N = 2000,
    [spawn(fun() -> Self ! {done, I * 2} end) || I <- lists:seq(1, N)],
    Sum = lists:foldl(fun(_, Acc) -> receive {done, V} -> Acc + V end end, 0, lists:seq(1, N)),
    {Sum, Sum =:= N * (N + 1)}.
