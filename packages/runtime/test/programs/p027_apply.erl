-module(p027_apply).
-export([main/0, sq/1, pair/2]).
%% apply/2,3 with variable modules and functions, erlang:apply on BIFs, fun M:F/A calls.
sq(X) -> X * X.
pair(A, B) -> {A, B}.
main() ->
    M = ?MODULE, F = sq,
    {M:F(7), apply(M, pair, [1, 2]), apply(fun M:pair/2, [x, y]), apply(erlang, element, [2, {a, b}]),
     apply(lists, reverse, [[1, 2, 3]]), (fun erlang:length/1)([1, 2]), erlang:apply(fun(X) -> X end, [ok]),
     [apply(M, Fn, [3]) || Fn <- [sq]], try apply(M, nope, []) catch error:undef -> undef end}.
