#!/usr/bin/env escript
%% -*- erlang -*-
%%! -noinput
%%
%% The ERTS side of the parse benchmark: erlang:prepare_loading/2 (verify, inflate,
%% decode literals, decode, transform and JIT the code; nothing installed) over the
%% given .beam files, already in memory, RUNS times. Prints one JSON object:
%%   {"files":N,"bytes":B,"failed":F,"runs_ms":[...]}
%% Usage: erts-prepare-loading.escript RUNS FILE-LIST (a file with one path a line)
-mode(compile).

main([RunsText, ListFile]) ->
    Runs = list_to_integer(RunsText),
    {ok, ListBin} = file:read_file(ListFile),
    Paths = [binary_to_list(P) || P <- binary:split(ListBin, <<"\n">>, [global, trim_all])],
    Modules = [begin
                   {ok, Bin} = file:read_file(P),
                   {list_to_atom(filename:basename(P, ".beam")), Bin}
               end || P <- Paths],
    Bytes = lists:sum([byte_size(B) || {_, B} <- Modules]),
    Failed = length([M || {M, B} <- Modules, not prepared(M, B)]),
    Times = [time_run(Modules) || _ <- lists:seq(1, Runs)],
    io:format("{\"files\":~b,\"bytes\":~b,\"failed\":~b,\"runs_ms\":[~s]}~n",
              [length(Modules), Bytes, Failed,
               lists:join(",", [io_lib:format("~.3f", [T]) || T <- Times])]),
    halt(0);
main(_) ->
    io:format(standard_error, "usage: erts-prepare-loading.escript RUNS FILE-LIST~n", []),
    halt(2).

prepared(Module, Bin) ->
    case erlang:prepare_loading(Module, Bin) of
        {error, _} -> false;
        _Prepared -> true
    end.

time_run(Modules) ->
    erlang:garbage_collect(),
    Start = erlang:monotonic_time(microsecond),
    [erlang:prepare_loading(M, B) || {M, B} <- Modules],
    (erlang:monotonic_time(microsecond) - Start) / 1000.
