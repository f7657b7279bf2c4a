-module(q023_registered_server).
-export([main/0]).
%% A registered key-value server; unregister; sending to a dead name fails with badarg.
%% unregister/1 comes before stop: a server that exits unregisters its name itself, and
%% on another scheduler it can do so before the caller's unregister (badarg).
loop(Map) -> receive {put, K, V} -> loop(Map#{K => V}); {get, K, From} -> From ! {val, maps:get(K, Map, none)}, loop(Map); stop -> ok end.
main() ->
    Server = spawn(fun() -> loop(#{}) end),
    register(kv, Server),
    kv ! {put, a, 1}, kv ! {put, b, 2},
    kv ! {get, b, self()},
    V = receive {val, X} -> X end,
    unregister(kv),
    Server ! stop,
    E = try kv ! hello catch error:badarg -> badarg end,
    {V, E, whereis(kv)}.
