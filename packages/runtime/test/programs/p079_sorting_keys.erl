-module(p079_sorting_keys).
-export([main/0]).
%% Sorting records by several keys with custom comparison funs; stability.
main() ->
    People = [{"ann", 31, b}, {"bob", 25, a}, {"cat", 31, a}, {"dan", 25, b}, {"eve", 40, a}],
    ByAge = lists:sort(fun({_, A1, _}, {_, A2, _}) -> A1 =< A2 end, People),
    ByGroupAge = lists:sort(fun({_, A1, G1}, {_, A2, G2}) -> {G1, A1} =< {G2, A2} end, People),
    {[N || {N, _, _} <- ByAge], [N || {N, _, _} <- ByGroupAge], lists:keysort(3, People), lists:reverse(lists:keysort(2, People))}.
