-module(p073_counters_fold).
-export([main/0]).
%% Folds producing several results at once, tuples as accumulators.
main() ->
    Words = ["apple", "bob", "kayak", "tree", "noon", "x"],
    {Pal, Non} = lists:foldl(fun(W, {P, N}) -> case W =:= lists:reverse(W) of true -> {[W | P], N}; false -> {P, [W | N]} end end, {[], []}, Words),
    Lens = lists:foldl(fun(W, M) -> maps:update_with(length(W), fun(C) -> C + 1 end, 1, M) end, #{}, Words),
    {lists:reverse(Pal), lists:reverse(Non), Lens}.
