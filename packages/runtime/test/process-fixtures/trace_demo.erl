%% What test/slice-trace.test.ts runs with the scheduler trace on: a process that keeps a
%% growing list (so its heap is collected with live data to copy), round trips to a second
%% process, and a module loaded with prepare_loading/finish_loading (system-task steps).
-module(trace_demo).
-export([run/2, echo/0]).

run(Length, Binary) ->
    Echo = spawn(?MODULE, echo, []),
    Kept = build(Length, Echo, []),
    true = erlang:garbage_collect(),
    ok = erlang:finish_loading([erlang:prepare_loading(hot, Binary)]),
    Echo ! stop,
    length(Kept).

build(0, _Echo, Acc) -> Acc;
build(N, Echo, Acc) ->
    Echo ! {self(), N},
    receive {echoed, N} -> ok end,
    build(N - 1, Echo, [N | Acc]).

echo() ->
    receive
        {From, Value} -> From ! {echoed, Value}, echo();
        stop -> ok
    end.
