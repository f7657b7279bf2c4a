-module(p012_maps_print).
-export([main/0]).
%% Printing maps with ~p and ~w.
main() ->
    io:format("~p~n~w~n", [#{a => "str", 1 => [1, 2]}, #{k => {v}}]),
    maps:update(a, 2, #{a => 1}).
