-module(cl_onload_err).
-export([v/0]).
-on_load(init/0).
init() -> {error, nope}.
v() -> err_loaded.
