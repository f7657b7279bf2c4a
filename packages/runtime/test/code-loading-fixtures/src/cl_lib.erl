-module(cl_lib).
-export([value/0]).
value() -> hidden(1) + 1.
hidden(N) -> N.
