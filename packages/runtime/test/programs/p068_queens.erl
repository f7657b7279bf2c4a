-module(p068_queens).
-export([main/0]).
%% N-queens by backtracking with list comprehensions.
queens(N) -> queens(N, N).
queens(_, 0) -> [[]];
queens(N, K) -> [[Q | Qs] || Qs <- queens(N, K - 1), Q <- lists:seq(1, N), safe(Q, Qs, 1)].
safe(_, [], _) -> true;
safe(Q, [Q1 | Qs], D) -> Q =/= Q1 andalso abs(Q - Q1) =/= D andalso safe(Q, Qs, D + 1).
main() -> {length(queens(6)), hd(queens(8)), length(queens(8))}.
