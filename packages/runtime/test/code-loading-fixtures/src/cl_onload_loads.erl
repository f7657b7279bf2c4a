%% Its on_load function calls a module that is only on the code path, and its own
%% module (not callable yet: undef).
-module(cl_onload_loads).
-export([v/0]).
-on_load(init/0).
init() ->
    42 = cl_lib_onload:value(),
    {'EXIT', {undef, _}} = (catch ?MODULE:v()),
    ok.
v() -> loads_loaded.
