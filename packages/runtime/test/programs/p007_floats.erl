-module(p007_floats).
-export([main/0]).
%% Float arithmetic (float registers), conversions, mixed comparisons.
main() ->
    X = 1.5, Y = 2.25,
    {X + Y, X * Y, Y / X, X - Y, -X, float(3), round(2.5), trunc(-2.7), 1 == 1.0, 1 =:= 1.0,
     1 < 1.5, abs(-3.5), abs(-4), 10 / 4, 0.1 + 0.2, 1.0e10, 1.0e-10, 123456789.0}.
