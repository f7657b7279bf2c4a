-module(q020_is_process_alive).
-export([main/0]).
%% A process's life cycle as seen through monitors and messages.
main() ->
    P = spawn(fun() -> receive stop -> ok end end),
    R = monitor(process, P),
    P ! stop,
    Reason = receive {'DOWN', R, process, P, Why} -> Why end,
    {Reason, is_pid(P), P =/= self()}.
