-module(p106_ackermann).
-export([main/0]).
%% Ackermann's function (deep recursion, many calls) and Takeuchi.
ack(0, N) -> N + 1;
ack(M, 0) -> ack(M - 1, 1);
ack(M, N) -> ack(M - 1, ack(M, N - 1)).
tak(X, Y, Z) when Y < X -> tak(tak(X - 1, Y, Z), tak(Y - 1, Z, X), tak(Z - 1, X, Y));
tak(_, _, Z) -> Z.
main() -> {ack(2, 3), ack(3, 5), tak(18, 12, 6)}.
