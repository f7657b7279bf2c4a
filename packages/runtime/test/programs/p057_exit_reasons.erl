-module(p057_exit_reasons).
-export([main/0]).
%% An uncaught error ends main: the runner prints class and reason.
main() -> lists:foldl(fun(X, Acc) -> X + Acc end, 0, [1, 2, three]).
