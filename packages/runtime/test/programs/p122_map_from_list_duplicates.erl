-module(p122_map_from_list_duplicates).
-export([main/0]).
%% maps:from_list with repeated keys of every kind: the later pair wins; 1 and 1.0 differ.
main() ->
    Pairs = [{1, a}, {1.0, b}, {{t, 1}, c}, {foo, d}, {1 bsl 70, e}, {"k", f}, {<<"b">>, g},
             {1, h}, {{t, 1}, i}, {1.0, j}, {foo, k}, {1 bsl 70, l}, {"k", m}, {<<"b">>, n}, {[], o}, {[], p}],
    M = maps:from_list(Pairs),
    Big = maps:from_list([{K rem 500, K} || K <- lists:seq(1, 3000)] ++ [{{K}, K} || K <- lists:seq(1, 50)] ++ [{{K}, -K} || K <- lists:seq(1, 50)]),
    io:format("~w~n", [lists:sort(maps:to_list(M))]),
    {map_size(M), map_size(Big), maps:get(7, Big), maps:get({7}, Big), lists:sum(maps:values(Big))}.
