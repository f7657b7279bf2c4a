-module(p032_queue_gb_trees).
-export([main/0]).
%% OTP's queue and gb_trees / gb_sets from their .beam files.
main() ->
    Q = lists:foldl(fun queue:in/2, queue:new(), [1, 2, 3]),
    {{value, H}, Q2} = queue:out(Q),
    T = lists:foldl(fun(K, Acc) -> gb_trees:insert(K, K * K, Acc) end, gb_trees:empty(), [5, 1, 9, 3]),
    GS = gb_sets:from_list([c, a, b]),
    {H, queue:to_list(Q2), queue:len(Q), queue:to_list(queue:reverse(Q)), gb_trees:to_list(T), gb_trees:lookup(9, T),
     gb_trees:lookup(4, T), gb_trees:size(T), gb_trees:smallest(T), gb_sets:to_list(GS), gb_sets:is_member(b, GS)}.
