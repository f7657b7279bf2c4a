-module(p052_list_funcs).
-export([main/0]).
%% More of the lists module: nthtail, flatmap, zipwith, unzip3, keymap, ukeysort, delete, reverse/2, sublist/2.
main() ->
    L = [4, 1, 3, 1, 2],
    {lists:nthtail(2, L), lists:flatmap(fun(X) -> [X, X] end, [1, 2]), lists:zipwith(fun(A, B) -> A * B end, [1, 2, 3], [4, 5, 6]),
     lists:unzip3([{a, 1, x}, {b, 2, y}]), lists:keymap(fun(V) -> V * 10 end, 2, [{a, 1}, {b, 2}]),
     lists:ukeysort(1, [{b, 1}, {a, 2}, {b, 3}]), lists:delete(1, L), lists:reverse([1, 2], [3, 4]), lists:sublist(L, 3),
     lists:usort(L), lists:foldl(fun(X, A) -> A * 2 + X end, 0, [1, 0, 1, 1]), lists:splitwith(fun(X) -> X > 2 end, L),
     lists:droplast(L), lists:search(fun(X) -> X < 2 end, L), lists:filtermap(fun(X) -> X > 2 andalso {true, X * 100} end, L)}.
