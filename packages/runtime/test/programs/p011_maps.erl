-module(p011_maps).
-export([main/0]).
%% Map construction, update (assoc and exact), matching, and the maps BIFs.
main() ->
    M0 = #{a => 1, b => 2},
    M1 = M0#{c => 3},
    M2 = M1#{a := 10},
    #{b := B, c := C} = M2,
    Big = maps:from_list([{N, N * N} || N <- lists:seq(1, 40)]),
    {M0, M1, M2, B, C, maps:get(a, M2), maps:get(z, M2, default), maps:find(b, M2), maps:find(z, M2),
     maps:is_key(c, M2), maps:keys(M2), maps:values(M2), maps:to_list(M0), map_size(M2),
     maps:remove(a, M2), maps:merge(M0, #{b => 20, d => 4}), maps:put(x, y, #{}),
     maps:size(Big), maps:get(17, Big), is_map(M0), is_map([]),
     try M0#{zz := 1} catch error:E -> E end,
     try maps:get(nope, M0) catch error:E2 -> E2 end,
     case M2 of #{a := 10} -> matched; _ -> no end,
     #{1 => one, 1.0 => float_one}}.
