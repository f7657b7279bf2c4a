-module(cl_onload_ver).
-export([v/0]).
-on_load(init/0).
init() -> ?RESULT.
v() -> ?VERSION.
