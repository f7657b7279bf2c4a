-module(cl_onload_raise).
-export([v/0]).
-on_load(init/0).
init() -> erlang:error(boom).
v() -> raise_loaded.
