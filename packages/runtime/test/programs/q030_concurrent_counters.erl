-module(q030_concurrent_counters).
-export([main/0]).
%% Several counter processes updated concurrently by many clients; totals checked.
counter(N) -> receive {add, K} -> counter(N + K); {get, F} -> F ! {count, self(), N}, counter(N) end.
main() ->
    Counters = [spawn(fun() -> counter(0) end) || _ <- lists:seq(1, 4)],
    Self = self(),
    Clients = [spawn(fun() -> [C ! {add, 1} || C <- Counters, _ <- lists:seq(1, 100)], Self ! done end) || _ <- lists:seq(1, 5)],
    [receive done -> ok end || _ <- Clients],
    [begin C ! {get, self()}, receive {count, C, N} -> N end end || C <- Counters].
