%% Funs of a module that is replaced, purged and deleted (cl_demo:lambda_*). lib/ holds
%% version 1 (loaded on demand), v2/ version 2, whose funs differ (another body, so
%% another uniq): a fun of one version is not a fun of the other.
-module(cl_lam).
-export([f/0, adder/1]).

f() -> fun(X) -> {?VERSION, X} end.

adder(N) -> fun(X) -> {?VERSION, X + N} end.
