-module(p095_maps_keys_types).
-export([main/0]).
%% Map keys of every type, exact key matching (1 vs 1.0), nested updates.
main() ->
    M = #{1 => int, 1.0 => float, a => atom, "s" => string, <<"b">> => bin, {t} => tuple, [l] => list, #{k => v} => map},
    {maps:get(1, M), maps:get(1.0, M), maps:get(#{k => v}, M), maps:get({t}, M), map_size(M), maps:is_key(2, M),
     maps:keys(#{3 => c, 1 => a, 2 => b}), (M#{a := updated})}.
