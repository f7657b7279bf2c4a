-module(p019_stacktrace).
-export([main/0]).
%% Stack traces carry {file, line} from the Line chunk.
inner(X) ->
    X + 1.
middle(X) ->
    R = inner(X),
    R * 2.
main() ->
    try middle(foo)
    catch error:Reason:Stack ->
        [{M, F, A, Loc} | _] = Stack,
        {Reason, M, F, A, proplists_free(Loc)}
    end.
proplists_free(Loc) -> [{K, V} || {K, V} <- Loc, K =:= file orelse K =:= line].
