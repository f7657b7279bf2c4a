-module(p018_lists_module).
-export([main/0]).
%% OTP's lists module loaded from its real .beam: sort, map, filter, folds, zip, flatten...
main() ->
    L = [5, 3, 8, 1, 9, 2],
    {lists:sort(L), lists:usort([3, 1, 3, 2]), lists:map(fun(X) -> X * X end, L), lists:filter(fun(X) -> X > 4 end, L),
     lists:foldr(fun(X, A) -> [X | A] end, [], L), lists:zip([a, b], [1, 2]), lists:unzip([{a, 1}, {b, 2}]),
     lists:flatten([1, [2, [3, [4]]]]), lists:nth(3, L), lists:sublist(L, 2, 3), lists:last(L), lists:duplicate(3, x),
     lists:split(2, L), lists:partition(fun(X) -> X rem 2 =:= 0 end, L), lists:keysort(2, [{a, 3}, {b, 1}, {c, 2}]),
     lists:keystore(b, 1, [{a, 1}, {b, 2}], {b, 20}), lists:keydelete(a, 1, [{a, 1}, {b, 2}]), lists:sum(L), lists:max(L),
     lists:min(L), lists:append([[1], [2, 3], []]), lists:seq(10, 1, -3), lists:any(fun(X) -> X > 8 end, L),
     lists:all(fun is_integer/1, L), lists:takewhile(fun(X) -> X > 2 end, L), lists:dropwhile(fun(X) -> X > 2 end, L),
     lists:mapfoldl(fun(X, S) -> {X + 1, S + X} end, 0, [1, 2, 3]), lists:enumerate([a, b]), lists:sort(fun(A, B) -> A >= B end, L),
     lists:merge([1, 4], [2, 3]), lists:subtract([1, 2, 3], [2]), lists:prefix([1], [1, 2]), lists:suffix([2], [1, 2]),
     lists:foldl(fun(X, {Min, Max}) -> {min(X, Min), max(X, Max)} end, {100, 0}, L)}.
