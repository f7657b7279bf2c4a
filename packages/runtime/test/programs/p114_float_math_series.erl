-module(p114_float_math_series).
-export([main/0]).
%% Numeric series with floats: pi by Leibniz, e by factorials, sqrt by Newton.
leibniz(0, Acc, _) -> Acc * 4;
leibniz(N, Acc, K) -> leibniz(N - 1, Acc + (if K rem 2 =:= 0 -> 1; true -> -1 end) / (2 * K + 1), K + 1).
e(0, _, Acc) -> Acc;
e(N, F, Acc) -> e(N - 1, F * (N + 1), Acc + 1 / F).
newton(X, G, 0) -> G * 1.0 + 0 * X;
newton(X, G, N) -> newton(X, (G + X / G) / 2, N - 1).
main() -> {leibniz(10000, 0, 0), e(20, 1, 1.0), newton(2, 1.0, 20), math:sqrt(2) == newton(2, 1.0, 20)}.
