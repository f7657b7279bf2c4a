-module(p115_deep_tuple_match).
-export([main/0]).
%% Deeply nested pattern matching with repeated variables and literals.
m({a, {b, X, {c, X}}, [X | _]}) -> {same, X};
m({a, {b, X, {c, Y}}, _}) -> {different, X, Y};
m({_, _, _}) -> three;
m(_) -> none.
main() -> [m(T) || T <- [{a, {b, 1, {c, 1}}, [1]}, {a, {b, 1, {c, 2}}, []}, {x, y, z}, {a, {b, 1, {c, 1}}, [2]}, []]].
