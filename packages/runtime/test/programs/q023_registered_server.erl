-module(q023_registered_server).
-export([main/0]).
%% A registered key-value server; unregister; sending to a dead name fails with badarg.
loop(Map) -> receive {put, K, V} -> loop(Map#{K => V}); {get, K, From} -> From ! {val, maps:get(K, Map, none)}, loop(Map); stop -> ok end.
main() ->
    register(kv, spawn(fun() -> loop(#{}) end)),
    kv ! {put, a, 1}, kv ! {put, b, 2},
    kv ! {get, b, self()},
    V = receive {val, X} -> X end,
    kv ! stop,
    unregister(kv),
    E = try kv ! hello catch error:badarg -> badarg end,
    {V, E, whereis(kv)}.
