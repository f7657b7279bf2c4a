-module(cl_lib_fun).
-export([value/1]).
value(N) -> {fun_called, N}.
