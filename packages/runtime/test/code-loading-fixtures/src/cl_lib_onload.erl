-module(cl_lib_onload).
-export([value/0]).
value() -> 42.
