-module(p077_matrix).
-export([main/0]).
%% Matrices as lists of lists: transpose, multiply, identity, trace.
transpose([[] | _]) -> [];
transpose(M) -> [[hd(R) || R <- M] | transpose([tl(R) || R <- M])].
mul(A, B) -> Bt = transpose(B), [[lists:sum([X * Y || {X, Y} <- lists:zip(Row, Col)]) || Col <- Bt] || Row <- A].
identity(N) -> [[if I =:= J -> 1; true -> 0 end || J <- lists:seq(1, N)] || I <- lists:seq(1, N)].
trace(M) -> lists:sum([lists:nth(I, lists:nth(I, M)) || I <- lists:seq(1, length(M))]).
main() -> A = [[1, 2], [3, 4]], {transpose([[1, 2, 3], [4, 5, 6]]), mul(A, A), mul(A, identity(2)) =:= A, trace(mul(A, A))}.
