-module(p174_unicode_chardata).
-export([main/0]).
%% unicode:characters_to_list/binary over mixed chardata in each input encoding: the
%% error and incomplete tuples with ERTS's shape of the rest, a UTF-8 sequence split
%% across two binaries, badarg for non-chardata; unicode:characters_to_binary/3 (Erlang
%% code over bin_is_7bit); maps:take/2; erlang:external_size/1,2; math functions that
%% OTP 25 does not have are undef.
t(F) -> try F() catch error:E -> {caught, E} end.
main() ->
    Cases = [[<<"a">>, "é", 300], <<"a", 255, "b">>, [<<"a">>, <<255>>, "b"], ["ab", -1, "c"], [$a, [$b, -1, $c], $d],
             <<"a", 195>>, [<<"a", 195>>], [<<"a", 195>>, <<169>>], [<<"a", 195>>, "x"], a, [a], [$a | $b], [$a | <<"b">>],
             16#D800, [16#D800], [16#110000], $a, [[], <<>>], ["x", [<<"y", 255, "z">>, "w"], "v"], [1.0],
             <<"é"/utf8, 200>>, <<237, 160, 128>>, <<224, 128, 128>>, <<240, 144, 128, 128>>, <<244, 144, 128, 128>>,
             <<"日本"/utf8>>, [<<1:3>>]],
    lists:foreach(fun(C) ->
                          io:format("~w | ~w | ~w | ~w~n", [t(fun() -> unicode:characters_to_list(C, unicode) end),
                                                             t(fun() -> unicode:characters_to_list(C, latin1) end),
                                                             t(fun() -> unicode:characters_to_binary(C, unicode) end),
                                                             t(fun() -> unicode:characters_to_binary(C) end)])
                  end, Cases),
    io:format("~w~n", [[t(fun() -> unicode:characters_to_list(<<"ab">>, E) end) || E <- [utf8, utf16, {utf16, little}, utf32, {utf32, big}, foo, {utf8, big}]]]),
    io:format("~w~n", [[t(fun() -> unicode:characters_to_list(<<0, 0, 0, 97, 0, 0, 216, 0>>, E) end) || E <- [utf32, {utf32, little}, utf16]]]),
    io:format("~w~n", [[t(fun() -> unicode:characters_to_binary("aé", unicode, E) end) || E <- [latin1, utf8, utf16, {utf16, little}, utf32, foo]]]),
    io:format("~w~n", [[t(fun() -> unicode:characters_to_binary([300], unicode, latin1) end), t(fun() -> unicode:characters_to_binary(<<"aé">>, latin1, utf8) end),
                        t(fun() -> unicode:characters_to_list([<<"a">>, "é", 300]) end)]]),
    io:format("~w~n", [[t(fun() -> maps:take(K, M) end) || {K, M} <- [{a, #{a => 1, b => 2}}, {c, #{a => 1}}, {a, not_a_map}, {5, maps:from_list([{X, X} || X <- lists:seq(1, 40)])}]]]),
    <<_:3, Sub:20/bits, _/bits>> = <<"a sub-binary at bit 3">>,
    Terms = [{a, 1}, 'héllo', '日本', <<1, 2, 3>>, Sub, 1.5, 1 bsl 100, -5, 300, "abc", [1, 2 | 3], #{a => 1},
             lists:seq(1, 300), list_to_binary(lists:seq(1, 200)), {}, [], [<<"x">>, 1.0e10]],
    io:format("~w~n", [[{erlang:external_size(T), erlang:external_size(T, [{minor_version, 0}])} || T <- Terms]]),
    io:format("~w~n", [[t(fun() -> erlang:external_size(a, O) end) || O <- [[], [{minor_version, 1}], [compressed], [deterministic], [{minor_version, 2}], x]]]),
    %% iodata nested as deep as it is long ([Acc, More]), converted and failing.
    Deep = lists:foldl(fun(I, Acc) -> [Acc, <<"é"/utf8>>, I rem 100] end, [], lists:seq(1, 50000)),
    Bad = [lists:foldl(fun(_, Acc) -> [Acc] end, [<<"a", 255>>], lists:seq(1, 20000))],
    {error, _, Rest} = unicode:characters_to_list(Bad),
    io:format("~w~n", [{byte_size(unicode:characters_to_binary(Deep)), length(unicode:characters_to_list(Deep)), erlang:phash2(Rest),
                        byte_size(unicode:characters_to_binary(lists:duplicate(100000, 16#1F600))),
                        binary:longest_common_prefix(lists:duplicate(100000, <<"ab">>))}]),
    [t(fun() -> apply(math, F, []) end) || F <- [pi, e, tau]].
