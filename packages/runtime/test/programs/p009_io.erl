-module(p009_io).
-export([main/0]).
%% io:format control sequences.
main() ->
    io:format("hello~n"),
    io:format("~w ~p ~s ~c ~b~n", [{a, [1, 2]}, "text", "str", $x, 10]),
    io:format("~.2f ~e~n", [3.14159, 2.5]),
    io:format("~p~n", [[{k, "v"}, 1.5, atom]]),
    ok.
