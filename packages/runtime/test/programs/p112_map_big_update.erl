-module(p112_map_big_update).
-export([main/0]).
%% A map growing to 2,000 keys (a hash map), updates and removals, key/value checks.
main() ->
    M = lists:foldl(fun(K, Acc) -> Acc#{K => K * K} end, #{}, lists:seq(1, 2000)),
    M2 = lists:foldl(fun(K, Acc) -> maps:remove(K, Acc) end, M, lists:seq(1, 2000, 3)),
    M3 = maps:map(fun(_, V) -> V rem 7 end, M2),
    {map_size(M), map_size(M2), maps:get(1999, M), maps:find(1, M2), maps:get(2000, M3), lists:sum(maps:values(M3))}.
