-module(p021_closures).
-export([main/0]).
%% Closures capturing many variables, funs returning funs, funs in data structures.
make(A, B, C, D) -> fun(X) -> [A, B, C, D, X] end.
counter(N) -> {fun() -> N end, fun(M) -> counter(N + M) end}.
main() ->
    F = make(1, two, "three", {4}),
    {Get, Add} = counter(10),
    {Get2, _} = Add(5),
    Ops = [{double, fun(X) -> 2 * X end}, {neg, fun(X) -> -X end}],
    {F(five), Get(), Get2(), [{Name, Op(21)} || {Name, Op} <- Ops], ((fun() -> fun() -> deep end end)())()}.
