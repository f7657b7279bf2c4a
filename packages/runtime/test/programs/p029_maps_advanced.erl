-module(p029_maps_advanced).
-export([main/0]).
%% Maps: OTP's maps module functions (fold, map, filter...), large maps (hash maps), nested maps.
main() ->
    M = maps:from_list([{K, K * 10} || K <- lists:seq(1, 50)]),
    Small = #{a => 1, b => 2, c => 3},
    {maps:fold(fun(_K, V, Acc) -> V + Acc end, 0, Small), maps:map(fun(_, V) -> V * 2 end, Small),
     maps:filter(fun(K, _) -> K =/= b end, Small), lists:sort(maps:to_list(maps:with([1, 2, 3], M))),
     maps:without([a], Small), maps:get(50, M), map_size(M), lists:sum(maps:values(M)), lists:sort(maps:keys(Small)),
     #{outer => #{inner => 1}}, maps:update_with(a, fun(V) -> V + 100 end, Small), maps:is_key(51, M)}.
