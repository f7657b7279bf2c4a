-module(p044_deep_data).
-export([main/0]).
%% Deep and wide data: trees built recursively, counted, mapped, compared.
tree(0) -> leaf;
tree(N) -> {node, N, tree(N - 1), tree(N - 1)}.
count(leaf) -> 0;
count({node, _, L, R}) -> 1 + count(L) + count(R).
mapt(_, leaf) -> leaf;
mapt(F, {node, V, L, R}) -> {node, F(V), mapt(F, L), mapt(F, R)}.
main() -> T = tree(12), {count(T), count(mapt(fun(V) -> V * 2 end, T)), tree(2), T =:= tree(12), T < mapt(fun(V) -> V + 1 end, T)}.
