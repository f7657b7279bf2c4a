-module(q028_link_crash_chain).
-export([main/0]).
%% An error in a linked process kills its non-trapping partner; the observer sees both.
main() ->
    Self = self(),
    Partner = spawn(fun() -> receive never -> ok end end),
    M1 = monitor(process, Partner),
    Crasher = spawn(fun() -> link(Partner), Self ! linked, receive go -> error(crash) end end),
    M2 = monitor(process, Crasher),
    receive linked -> ok end,
    Crasher ! go,
    A = receive {'DOWN', M2, process, Crasher, {R, _}} -> R end,
    B = receive {'DOWN', M1, process, Partner, R2} -> element(1, R2) end,
    {A, B}.
