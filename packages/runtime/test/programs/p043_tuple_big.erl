-module(p043_tuple_big).
-export([main/0]).
%% Large tuples: make_tuple, setelement in loops, tuple_to_list, element access.
fill(T, 0) -> T;
fill(T, N) -> fill(setelement(N, T, N * N), N - 1).
main() ->
    T = fill(erlang:make_tuple(100, 0), 100),
    {element(1, T), element(50, T), element(100, T), tuple_size(T), lists:sum(tuple_to_list(T)),
     list_to_tuple(lists:seq(1, 10)), erlang:delete_element(2, {a, b, c}), erlang:insert_element(2, {a, c}, b)}.
