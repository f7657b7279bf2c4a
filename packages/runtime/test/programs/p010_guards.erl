-module(p010_guards).
-export([main/0]).
%% Guards and type tests, boolean operators, comparisons of mixed types.
classify(X) when is_integer(X), X > 0 -> pos_int;
classify(X) when is_integer(X) -> int;
classify(X) when is_float(X) -> float;
classify(X) when is_atom(X), X =/= nil -> atom;
classify(X) when is_list(X) -> list;
classify(X) when is_tuple(X), tuple_size(X) =:= 2 -> pair;
classify(X) when is_function(X) -> function;
classify(_) -> other.
main() ->
    {[classify(X) || X <- [1, -1, 1.0, a, nil, [], [1], {1, 2}, {1}, fun() -> ok end]],
     true andalso false, true orelse error(never), not true, true xor false,
     1 < a, a < {}, {} < [], {1, 2} < {1, 3}, [1] < [1, 2], 2 > 1.5}.
