-module(p175_bitstring_lists_time).
-export([main/0]).
%% list_to_bitstring/bitstring_to_list, crc32_combine/adler32_combine, list_to_integer's
%% base range, and the datetime BIFs under calendar (printed so that the host's time
%% zone does not show: round trips, posix conversions, validity, badarg).
t(F) -> try F() catch error:E -> {caught, E} end.
valid_date({Y, M, D}) -> Y > 2000 andalso M >= 1 andalso M =< 12 andalso D >= 1 andalso D =< 31.
main() ->
    <<_:5, Odd:19/bits, _/bits>> = <<"bitstrings">>,
    io:format("~w~n", [[t(fun() -> list_to_bitstring(L) end) || L <- [[<<1:3>>, [2, <<3:2>>] | <<1:1>>], [], [<<>>, []], [Odd, Odd], <<1:3>>, [256], [1 | 2], [a], [-1]]]]),
    io:format("~w~n", [[t(fun() -> bitstring_to_list(B) end) || B <- [<<>>, <<1:3>>, <<1, 2:4>>, Odd, <<"abc">>, a]]]),
    A = <<"hello ">>, B = list_to_binary(lists:seq(0, 255)),
    io:format("~w~n", [[erlang:crc32_combine(erlang:crc32(A), erlang:crc32(B), byte_size(B)) =:= erlang:crc32([A, B]),
                        erlang:adler32_combine(erlang:adler32(A), erlang:adler32(B), byte_size(B)) =:= erlang:adler32([A, B]),
                        erlang:crc32_combine(erlang:crc32(<<"ab">>), erlang:crc32(<<"cd">>), 2),
                        erlang:adler32_combine(erlang:adler32(<<"ab">>), erlang:adler32(<<"cd">>), 2)]]),
    io:format("~w~n", [[t(fun() -> erlang:crc32_combine(X, Y, L) end) || {X, Y, L} <- [{1, 2, 0}, {1, 2, -1}, {1, 2, 1 bsl 40}, {1 bsl 32, 2, 0}, {1, 2, 100000}, {(1 bsl 32) - 1, 7, 3}]]]),
    io:format("~w~n", [[t(fun() -> erlang:adler32_combine(X, Y, L) end) || {X, Y, L} <- [{1, 2, 0}, {1, 2, -1}, {1, 2, 1 bsl 40}, {1 bsl 32, 2, 0}, {1, 2, 100000}, {(1 bsl 32) - 1, 7, 3}]]]),
    io:format("~w~n", [[t(fun() -> list_to_integer("12", Base) end) || Base <- [1, 2, 3, 36, 37, a]]]),
    DT = {{2024, 3, 15}, {12, 30, 45}},
    io:format("~w~n", [[erlang:universaltime_to_localtime(erlang:localtime_to_universaltime(DT)) =:= DT,
                        erlang:universaltime_to_posixtime(DT), erlang:posixtime_to_universaltime(1710505845),
                        erlang:posixtime_to_universaltime(0), erlang:universaltime_to_posixtime({{1970, 1, 1}, {0, 0, 0}})]]),
    io:format("~w~n", [[t(fun() -> erlang:universaltime_to_localtime(X) end) || X <- [{{2024, 13, 1}, {0, 0, 0}}, {{2023, 2, 29}, {0, 0, 0}}, {{2024, 1, 1}, {24, 0, 0}}, {{2024, 1, 1}, {0, 0}}, x]]]),
    io:format("~w~n", [[t(fun() -> erlang:localtime_to_universaltime(DT, F) end) =/= {caught, badarg} || F <- [true, false, undefined]] ++ [t(fun() -> erlang:localtime_to_universaltime(DT, maybe) end)]]),
    {{Y, _, _}, {_, _, _}} = erlang:localtime(),
    {UD, UT} = erlang:universaltime(),
    {LD, _} = erlang:localtime(),
    [Y > 2000, valid_date(UD), tuple_size(UT), valid_date(LD)].
