-module(q010_exit_propagation).
-export([main/0]).
%% Exit signals through chains of links; trap_exit turns them into messages; kill is untrappable.
chain(0, Parent) -> Parent ! ready, receive never -> ok end;
chain(N, Parent) -> spawn_link(fun() -> chain(N - 1, Parent) end), receive never -> ok end.
main() ->
    process_flag(trap_exit, true),
    Self = self(),
    Top = spawn_link(fun() -> chain(5, Self) end),
    receive ready -> ok end,
    exit(Top, shutdown),
    A = receive {'EXIT', Top, R} -> R end,
    V = spawn(fun() -> process_flag(trap_exit, true), receive _ -> ok end end),
    Ref = monitor(process, V),
    exit(V, kill),
    B = receive {'DOWN', Ref, process, V, Why} -> Why end,
    {A, B}.
