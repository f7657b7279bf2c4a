-module(p119_unicode_lists).
-export([main/0]).
%% Unicode code points in charlists: ~ts printing, conversions, lengths.
main() ->
    S = "añ€😀",
    {length(S), unicode:characters_to_binary(S), byte_size(unicode:characters_to_binary(S)), [C || C <- S, C > 255]}.
