-module(p091_lists_seq_ops).
-export([main/0]).
%% Sequence generation and list arithmetic: ranges, steps, sums of squares, products.
main() -> {lists:seq(1, 0), lists:seq(5, 5), lists:seq(0, 20, 5), lists:sum([X * X || X <- lists:seq(1, 100)]),
           lists:foldl(fun erlang:'*'/2, 1, lists:seq(1, 25)), lists:max([-3, -1, -2]), lists:min([b, a, c])}.
