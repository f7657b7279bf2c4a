-module(p023_comprehensions).
-export([main/0]).
%% List comprehensions with several generators and filters, pattern generators.
main() ->
    {[{X, Y} || X <- [1, 2, 3], Y <- [a, b], X =/= 2],
     [X || {ok, X} <- [{ok, 1}, error, {ok, 2}]],
     [X * Y || X <- lists:seq(1, 4), Y <- lists:seq(X, 4), (X + Y) rem 2 =:= 0],
     [[C] || C <- "abc"],
     length([ok || _ <- lists:seq(1, 1000)])}.
