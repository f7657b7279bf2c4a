-module(q004_registered).
-export([main/0]).
%% Registered names, the process dictionary, make_ref uniqueness.
loop() -> receive {get, From} -> From ! {value, get(counter)}, loop(); inc -> put(counter, get(counter) + 1), loop() end.
main() ->
    P = spawn(fun() -> put(counter, 0), loop() end),
    register(counter_proc, P),
    counter_proc ! inc, counter_proc ! inc, counter_proc ! inc,
    counter_proc ! {get, self()},
    V = receive {value, X} -> X end,
    put(k, v),
    R1 = make_ref(), R2 = make_ref(),
    {V, get(k), get(missing), R1 =:= R2, is_reference(R1), whereis(counter_proc) =:= P, is_pid(P)}.
