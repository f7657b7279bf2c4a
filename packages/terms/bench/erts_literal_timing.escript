#!/usr/bin/env escript
%% -*- erlang -*-
%% ERTS reference for the literal-table benchmark, run in the same session as ours:
%% the median time of binary_to_term over every entry of the literal table, and of
%% erlang:prepare_loading/2 of a module whose LitT holds those entries.
%%
%% Usage: escript erts_literal_timing.escript ENTRIES_FILE BEAM_FILE RUNS
-mode(compile).

main([EntriesFile, BeamFile, RunsText]) ->
    Runs = list_to_integer(RunsText),
    {ok, <<Count:32, Rest/binary>>} = file:read_file(EntriesFile),
    Entries = split(Count, Rest, []),
    {ok, Beam} = file:read_file(BeamFile),
    Decode = median([timed(fun() -> [binary_to_term(E) || E <- Entries] end) || _ <- lists:seq(1, Runs)]),
    Prepare = median([timed(fun() -> {ok, _} = {ok, erlang:prepare_loading(bench_literals, Beam)} end) || _ <- lists:seq(1, Runs)]),
    io:format("decode_ms ~.3f prepare_loading_ms ~.3f~n", [Decode, Prepare]).

split(0, _, Acc) -> lists:reverse(Acc);
split(N, <<Size:32, Entry:Size/binary, Rest/binary>>, Acc) -> split(N - 1, Rest, [Entry | Acc]).

timed(Fun) ->
    erlang:garbage_collect(),
    T0 = erlang:monotonic_time(microsecond),
    _ = Fun(),
    (erlang:monotonic_time(microsecond) - T0) / 1000.

median(Values) -> lists:nth((length(Values) + 1) div 2, lists:sort(Values)).
