-module(p053_map_patterns).
-export([main/0]).
%% Map patterns in function heads, variable keys, maps as state, updates in folds.
area(#{shape := circle, r := R}) -> 3 * R * R;
area(#{shape := rect, w := W, h := H}) -> W * H;
area(#{}) -> unknown.
count(Words) -> lists:foldl(fun(W, M) -> maps:update_with(W, fun(C) -> C + 1 end, 1, M) end, #{}, Words).
get(K, M) -> case M of #{K := V} -> {found, V}; _ -> missing end.
main() -> {[area(S) || S <- [#{shape => circle, r => 2}, #{shape => rect, w => 3, h => 4}, #{shape => blob}]],
           count([a, b, a, c, a, b]), get(b, #{a => 1, b => 2}), get(z, #{}), maps:size(count([]))}.
