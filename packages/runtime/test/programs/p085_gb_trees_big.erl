-module(p085_gb_trees_big).
-export([main/0]).
%% gb_trees and gb_sets with thousands of keys: balance, iteration, deletion.
main() ->
    T = lists:foldl(fun(K, Acc) -> gb_trees:enter(K, K * 3, Acc) end, gb_trees:empty(), lists:seq(1000, 1, -1)),
    T2 = lists:foldl(fun gb_trees:delete/2, T, lists:seq(1, 1000, 2)),
    S = gb_sets:from_list([X rem 97 || X <- lists:seq(1, 5000)]),
    {gb_trees:size(T), gb_trees:size(T2), gb_trees:smallest(T2), gb_trees:largest(T2), gb_trees:get(500, T),
     gb_sets:size(S), gb_sets:smallest(S), lists:sum(gb_trees:values(T2))}.
