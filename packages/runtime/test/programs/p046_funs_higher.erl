-module(p046_funs_higher).
-export([main/0]).
%% Higher-order functions: currying, composition chains, funs stored in maps, recursion through funs.
curry(F) -> fun(A) -> fun(B) -> F(A, B) end end.
compose(Fs) -> lists:foldr(fun(F, Acc) -> fun(X) -> F(Acc(X)) end end, fun(X) -> X end, Fs).
main() ->
    Add = curry(fun(A, B) -> A + B end),
    Pipeline = compose([fun(X) -> X + 1 end, fun(X) -> X * 10 end, fun(X) -> X - 3 end]),
    Ops = #{double => fun(X) -> 2 * X end, square => fun(X) -> X * X end},
    Y = fun(F) -> fun(N) -> F(F, N) end end,
    Fact = Y(fun(_, 0) -> 1; (Self, N) -> N * Self(Self, N - 1) end),
    {(Add(3))(4), Pipeline(5), [(maps:get(K, Ops))(7) || K <- [double, square]], Fact(12)}.
