-module(p035_float_ops).
-export([main/0]).
%% Float arithmetic in float registers: polynomials, accumulation, mixed integer/float.
poly(X) -> 3.0 * X * X - 2.5 * X + 1.0.
sum([], Acc) -> Acc;
sum([H | T], Acc) -> sum(T, Acc + H).
main() ->
    {[poly(X) || X <- [0.0, 1.0, -2.0, 0.5]], sum([0.1 || _ <- lists:seq(1, 10)], 0.0), 1 / 3, 2 / 3 * 3,
     -0.0, 0.0 == -0.0, 1.0e300 * 10, 5 / 2, 1.0 * 3, float(1 bsl 60), 1.5e-300 / 1.0e10, try 1.0e308 * 10.0 catch error:E -> E end}.
