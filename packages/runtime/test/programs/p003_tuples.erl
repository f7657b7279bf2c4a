-module(p003_tuples).
-export([main/0]).
%% Tuples: construction, element/setelement, matching, select_tuple_arity.
shape({circle, R}) -> {area, 3 * R * R};
shape({rect, W, H}) -> {area, W * H};
shape({tri, A, B, C}) -> {perimeter, A + B + C};
shape(_) -> unknown.
main() ->
    T = {a, b, c},
    {element(2, T), setelement(1, T, z), tuple_size(T), tuple_to_list(T),
     list_to_tuple([1, 2]), erlang:make_tuple(3, x), erlang:append_element(T, d),
     [shape(S) || S <- [{circle, 2}, {rect, 3, 4}, {tri, 1, 2, 3}, {other}]]}.
