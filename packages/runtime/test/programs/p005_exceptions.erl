-module(p005_exceptions).
-export([main/0]).
%% catch, try/catch/after, throw, error, exit, badmatch, function_clause, badarith.
f(1) -> one.
main() ->
    A = catch throw(ball),
    B = (catch error(oops)) =:= {'EXIT', oops},
    C = try 1 = 2 catch error:{badmatch, V} -> {caught, V} end,
    D = try f(2) catch error:function_clause -> fc end,
    E = try 1 / 0 catch error:badarith -> badarith end,
    F = try exit(bye) catch exit:R -> {exit, R} end,
    G = try throw(x) of _ -> no catch throw:X -> {thrown, X} after put_nothing end,
    H = case catch element(5, {a}) of {'EXIT', {badarg, _}} -> badarg_caught end,
    I = try erlang:raise(throw, again, []) catch throw:again -> reraised end,
    {A, B, C, D, E, F, G, H, I}.
