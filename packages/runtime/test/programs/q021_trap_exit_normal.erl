-module(q021_trap_exit_normal).
-export([main/0]).
%% trap_exit: 'normal' exits of linked processes arrive as messages; unlink stops them.
main() ->
    process_flag(trap_exit, true),
    P = spawn_link(fun() -> ok end),
    A = receive {'EXIT', P, R} -> R end,
    Q = spawn_link(fun() -> receive go -> exit(late) end end),
    unlink(Q),
    Q ! go,
    B = receive {'EXIT', Q, _} -> got_exit after 50 -> no_exit end,
    {A, B}.
