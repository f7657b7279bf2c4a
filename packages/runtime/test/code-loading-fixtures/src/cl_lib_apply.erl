-module(cl_lib_apply).
-export([value/1]).
value(N) -> {applied, N}.
