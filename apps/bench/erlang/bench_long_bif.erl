%% A process that spends its life inside one BIF call after another: lists:reverse/2 of a
%% long list. ERTS's lists:reverse/2 yields inside; an engine that runs it as one native
%% call keeps its scheduler from the next safe point for as long as the call lasts, and a
%% strategy that blocks the system must wait for that.
-module(bench_long_bif).
-export([start/1, loop/2]).

start(Length) ->
    spawn(?MODULE, loop, [make_list(Length, []), 0]).

loop(List, Rounds) ->
    receive
        {stop, From} ->
            From ! {long_bif_rounds, Rounds}
    after 0 ->
        %% Matching the result keeps the call: an unused pure call could be dropped.
        [_ | _] = lists:reverse(List, []),
        loop(List, Rounds + 1)
    end.

make_list(0, Tail) -> Tail;
make_list(N, Tail) -> make_list(N - 1, [N | Tail]).
