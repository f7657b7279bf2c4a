-module(p118_exception_stacktrace_lines).
-export([main/0]).
%% Line numbers of several frames of a stack trace.
a(X) -> b(X) + 1.
b(X) -> c(X) * 2.
c(X) ->
    element(X, {one}).
main() ->
    try a(5)
    catch error:badarg:St ->
        [{M, F, Ar, proplists:get_value(line, Loc)} || {M, F, Ar, Loc} <- St, M =:= ?MODULE]
    end.
