-module(p086_ordsets_ops).
-export([main/0]).
%% ordsets and orddict as sets-of-sets and counters.
main() ->
    A = ordsets:from_list([5, 1, 3, 7, 9]), B = ordsets:from_list([3, 4, 5, 6]),
    D = lists:foldl(fun(W, Acc) -> orddict:update_counter(W, 1, Acc) end, orddict:new(), [x, y, x, z, x]),
    {ordsets:union(A, B), ordsets:intersection(A, B), ordsets:subtract(A, B), ordsets:is_subset([3, 5], A),
     ordsets:union([A, B, [100]]), D, orddict:fetch_keys(D), orddict:fold(fun(_, V, S) -> V + S end, 0, D)}.
