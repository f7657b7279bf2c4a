-module(p098_reduce_tree).
-export([main/0]).
%% Expression trees: evaluation, simplification, printing to charlists.
eval({num, N}) -> N;
eval({add, A, B}) -> eval(A) + eval(B);
eval({mul, A, B}) -> eval(A) * eval(B);
eval({neg, A}) -> -eval(A).
simp({mul, {num, 0}, _}) -> {num, 0};
simp({mul, {num, 1}, X}) -> simp(X);
simp({add, {num, 0}, X}) -> simp(X);
simp({Op, A, B}) -> {Op, simp(A), simp(B)};
simp(X) -> X.
show({num, N}) -> integer_to_list(N);
show({add, A, B}) -> "(" ++ show(A) ++ "+" ++ show(B) ++ ")";
show({mul, A, B}) -> show(A) ++ "*" ++ show(B);
show({neg, A}) -> "-" ++ show(A).
main() -> E = {add, {num, 0}, {mul, {num, 1}, {add, {num, 2}, {neg, {num, 3}}}}}, {eval(E), simp(E), show(simp(E))}.
