-module(p071_utf8_strings).
-export([main/0]).
%% UTF-8 text: length in characters vs bytes, code points, round trips.
chars(<<>>) -> 0;
chars(<<_/utf8, R/binary>>) -> 1 + chars(R).
main() ->
    S = <<"Grüße, 世界! 😀"/utf8>>,
    {byte_size(S), chars(S), unicode:characters_to_list(S), unicode:characters_to_binary(unicode:characters_to_list(S)) =:= S,
     [C || <<C/utf8>> <= S, C > 127]}.
