-module(cl_onload_ok).
-export([v/0]).
-on_load(init/0).
init() -> ok = helper(), ok.
helper() -> ok.
v() -> ok_loaded.
