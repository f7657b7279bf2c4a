-module(q003_links_exits).
-export([main/0]).
%% Links, trap_exit, exit signals, monitors and 'DOWN' messages.
main() ->
    process_flag(trap_exit, true),
    P = spawn_link(fun() -> exit(boom) end),
    A = receive {'EXIT', P, R} -> {exit, R} end,
    {Q, Ref} = spawn_monitor(fun() -> error(oops) end),
    B = receive {'DOWN', Ref, process, Q, {Reason, _Stack}} -> {down, Reason} end,
    {Q2, Ref2} = spawn_monitor(fun() -> ok end),
    C = receive {'DOWN', Ref2, process, Q2, Why} -> {down, Why} end,
    {A, B, C}.
