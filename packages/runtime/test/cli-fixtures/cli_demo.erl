%% Fixture for the beamload CLI test: values, arguments, output, an uncaught exception.
-module(cli_demo).
-export([start/0, echo/1, add/2, divide/2, shout/1, sum_to/1, linked_crash/0]).

start() -> started.
echo(Term) -> Term.
add(A, B) -> A + B.
divide(A, B) -> A div B.
shout(Name) -> io:format("hello ~s~n", [Name]), shouted.
sum_to(N) -> lists:sum(lists:seq(1, N)).
%% Killed by the exit signal of a linked process: an exit, with no stack trace of its own.
linked_crash() ->
    spawn_link(fun() -> exit(boom) end),
    receive after 5000 -> not_killed end.
