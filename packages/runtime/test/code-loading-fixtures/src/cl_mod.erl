-module(cl_mod).
-export([v/0]).
v() -> ?VERSION.
