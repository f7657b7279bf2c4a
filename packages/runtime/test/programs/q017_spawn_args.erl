-module(q017_spawn_args).
-export([main/0, worker/2]).
%% spawn/3 with module, function and arguments; spawn_link/3; results by message.
worker(Parent, X) -> Parent ! {self(), X * 3}.
main() ->
    P1 = spawn(?MODULE, worker, [self(), 7]),
    P2 = spawn_link(?MODULE, worker, [self(), 11]),
    A = receive {P1, V1} -> V1 end,
    B = receive {P2, V2} -> V2 end,
    {A, B}.
