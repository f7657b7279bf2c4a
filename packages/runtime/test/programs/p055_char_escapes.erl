-module(p055_char_escapes).
-export([main/0]).
%% Escapes and quoted atoms as ~w/~p print them.
main() ->
    io:format("~p~n", ["tab\there \"quoted\" back\\slash"]),
    io:format("~w~n", ['with space', 'UPPER', '', 'a-b', 'ok', '1x', 'é']),
    ['Q', "\n", $\t, 'end', 'receive'].
