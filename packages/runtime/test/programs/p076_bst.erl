-module(p076_bst).
-export([main/0]).
%% A binary search tree: insert, lookup, in-order traversal, height, delete-min.
insert(K, nil) -> {K, nil, nil};
insert(K, {V, L, R}) when K < V -> {V, insert(K, L), R};
insert(K, {V, L, R}) when K > V -> {V, L, insert(K, R)};
insert(_, T) -> T.
member(_, nil) -> false;
member(K, {K, _, _}) -> true;
member(K, {V, L, _}) when K < V -> member(K, L);
member(K, {_, _, R}) -> member(K, R).
walk(nil) -> [];
walk({V, L, R}) -> walk(L) ++ [V] ++ walk(R).
height(nil) -> 0;
height({_, L, R}) -> 1 + max(height(L), height(R)).
main() -> T = lists:foldl(fun insert/2, nil, [50, 30, 70, 20, 40, 60, 80, 30, 65]), {walk(T), height(T), member(65, T), member(66, T)}.
