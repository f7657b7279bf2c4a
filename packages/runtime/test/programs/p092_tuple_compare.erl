-module(p092_tuple_compare).
-export([main/0]).
%% Tuples compare by size first, then element by element; equality across number types.
main() -> {{1, 2} < {1, 2, 0}, {2} < {1, 1}, {a, 1} == {a, 1.0}, {a, 1} =:= {a, 1.0}, lists:sort([{b, 1}, {a, 2}, {a, 1, x}, {c}]),
           max({1, 2}, {1, 3}), [X || X <- [{1}, {1.0}, {2}], X == {1}]}.
