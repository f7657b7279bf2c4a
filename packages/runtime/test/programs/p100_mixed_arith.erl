-module(p100_mixed_arith).
-export([main/0]).
%% Arithmetic mixing integers, bignums and floats in one expression.
main() -> {(1 bsl 80) + 0.5, 3 * 1.5, (1 bsl 70) / (1 bsl 69), 10 div 3 + 10 rem 3 * 1.0, -(1 bsl 62) * -4, 7 - 2.5 * 2,
           round(1.0e18) + 1, trunc(-1.0e19), (1 bsl 200) * 0}.
