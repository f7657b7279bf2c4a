-module(p034_swap_moves).
-export([main/0]).
%% Register shuffles: argument rotation (swap), many live values across calls (y registers).
rot(A, B, C) -> {C, A, B}.
spin(0, A, B, C) -> {A, B, C};
spin(N, A, B, C) -> spin(N - 1, B, C, A).
keep(X) ->
    A = X + 1, B = X + 2, C = X + 3, D = X + 4,
    E = lists:sum([A, B]),
    {A, B, C, D, E, lists:reverse([A, B, C, D])}.
main() -> {rot(1, 2, 3), spin(10, a, b, c), keep(10)}.
