-module(p006_funs).
-export([main/0, twice/1]).
%% Closures with free variables, fun M:F/A, apply, higher-order functions.
twice(X) -> 2 * X.
adder(N) -> fun(X) -> X + N end.
compose(F, G) -> fun(X) -> F(G(X)) end.
main() ->
    Add3 = adder(3),
    Twice = fun ?MODULE:twice/1,
    H = compose(Add3, Twice),
    {Add3(4), Twice(5), H(10), apply(Add3, [1]), apply(?MODULE, twice, [21]),
     lists:map(Add3, [1, 2, 3]), lists:foldl(fun(X, Acc) -> X + Acc end, 0, [1, 2, 3]),
     is_function(Add3), is_function(Add3, 1), is_function(Add3, 2),
     (fun Fact(0) -> 1; Fact(N) -> N * Fact(N - 1) end)(10)}.
