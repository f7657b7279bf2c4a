#!/usr/bin/env escript
%% ERTS's side of the prepare benchmark: erlang:prepare_loading/2 over the same files,
%% read into memory first. Usage: erts-prepare.escript LIST_FILE ROUNDS
%% LIST_FILE holds one .beam path per line. Prints one line of JSON:
%% {"files":N,"errors":E,"roundsMicros":[...],"roundsCpuMillis":[...]} (one warm-up
%% round not included). CPU time is statistics(runtime): milliseconds of the whole VM.
main([ListFile, RoundsText]) ->
    {ok, Text} = file:read_file(ListFile),
    Paths = [binary_to_list(P) || P <- binary:split(Text, <<"\n">>, [global, trim_all])],
    Binaries = [{list_to_atom(filename:basename(P, ".beam")), element(2, {ok, _} = file:read_file(P))} || P <- Paths],
    Rounds = list_to_integer(RoundsText),
    {_, Errors} = prepare_all(Binaries),
    Times = [timed(Binaries) || _ <- lists:seq(1, Rounds)],
    io:format("{\"files\":~w,\"errors\":~w,\"roundsMicros\":[~s],\"roundsCpuMillis\":[~s]}~n",
              [length(Binaries), Errors,
               lists:join(",", [integer_to_list(W) || {W, _} <- Times]),
               lists:join(",", [integer_to_list(C) || {_, C} <- Times])]).

timed(Binaries) ->
    {CpuBefore, _} = erlang:statistics(runtime),
    {Wall, _} = prepare_all(Binaries),
    {CpuAfter, _} = erlang:statistics(runtime),
    {Wall, CpuAfter - CpuBefore}.

prepare_all(Binaries) ->
    Start = erlang:monotonic_time(microsecond),
    Errors = lists:foldl(fun({Module, Binary}, Count) ->
                                 case erlang:prepare_loading(Module, Binary) of
                                     {error, _} -> Count + 1;
                                     _Prepared -> Count
                                 end
                         end, 0, Binaries),
    {erlang:monotonic_time(microsecond) - Start, Errors}.
