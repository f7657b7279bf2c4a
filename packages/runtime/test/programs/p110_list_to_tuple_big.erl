-module(p110_list_to_tuple_big).
-export([main/0]).
%% Conversions on large data: list_to_tuple of 10,000 elements, tuple_to_list back, term_to_binary round trip.
main() ->
    L = lists:seq(1, 10000),
    T = list_to_tuple(L),
    B = term_to_binary({T, L, <<"bin">>, 1.5, -7, atom}),
    {tuple_size(T), element(9999, T), tuple_to_list(T) =:= L, byte_size(B), binary_to_term(B) =:= {T, L, <<"bin">>, 1.5, -7, atom}}.
