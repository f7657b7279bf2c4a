-module(q001_spawn_send).
-export([main/0]).
%% spawn, send, receive: a ping-pong and a gathering of results from workers.
pong() -> receive {ping, From, N} -> From ! {pong, N + 1}, pong(); stop -> ok end.
worker(Parent, N) -> Parent ! {result, N, N * N}.
main() ->
    P = spawn(fun pong/0),
    P ! {ping, self(), 41},
    A = receive {pong, V} -> V end,
    P ! stop,
    Self = self(),
    [spawn(fun() -> worker(Self, N) end) || N <- lists:seq(1, 10)],
    Results = lists:sort([receive {result, N, Sq} -> {N, Sq} end || _ <- lists:seq(1, 10)]),
    {A, Results}.
