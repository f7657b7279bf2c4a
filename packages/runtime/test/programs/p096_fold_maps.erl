-module(p096_fold_maps).
-export([main/0]).
%% Word frequencies with maps, sorted output; merging count maps.
freq(Words) -> lists:foldl(fun(W, M) -> M#{W => maps:get(W, M, 0) + 1} end, #{}, Words).
merge(A, B) -> maps:fold(fun(K, V, Acc) -> Acc#{K => maps:get(K, Acc, 0) + V} end, A, B).
main() ->
    A = freq(string:tokens("the cat and the hat and the bat", " ")),
    B = freq(["the", "end"]),
    {lists:sort(maps:to_list(A)), lists:sort(maps:to_list(merge(A, B)))}.
