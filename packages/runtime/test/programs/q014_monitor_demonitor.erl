-module(q014_monitor_demonitor).
-export([main/0]).
%% Monitors: noproc for dead processes, demonitor with flush, several monitors on one process.
main() ->
    Dead = spawn(fun() -> ok end),
    timer_wait(20),
    R1 = monitor(process, Dead),
    A = receive {'DOWN', R1, process, Dead, Why} -> Why end,
    P = spawn(fun() -> receive go -> exit(bye) end end),
    R2 = monitor(process, P), R3 = monitor(process, P),
    demonitor(R2, [flush]),
    P ! go,
    B = receive {'DOWN', R3, process, P, W} -> W end,
    C = receive {'DOWN', R2, _, _, _} -> unexpected after 50 -> none end,
    {A, B, C}.
timer_wait(Ms) -> receive after Ms -> ok end.
