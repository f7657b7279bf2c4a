#!/usr/bin/env escript
%% ERTS's side of the prepare benchmark: erlang:prepare_loading/2 over the same files,
%% read into memory first. Usage: erts-prepare.escript LIST_FILE ROUNDS
%% LIST_FILE holds one .beam path per line. Prints one line of JSON:
%% {"files":N,"errors":E,"roundsMicros":[...]} (one warm-up round not included).
main([ListFile, RoundsText]) ->
    {ok, Text} = file:read_file(ListFile),
    Paths = [binary_to_list(P) || P <- binary:split(Text, <<"\n">>, [global, trim_all])],
    Binaries = [{list_to_atom(filename:basename(P, ".beam")), element(2, {ok, _} = file:read_file(P))} || P <- Paths],
    Rounds = list_to_integer(RoundsText),
    {_, Errors} = prepare_all(Binaries),
    Times = [element(1, prepare_all(Binaries)) || _ <- lists:seq(1, Rounds)],
    io:format("{\"files\":~w,\"errors\":~w,\"roundsMicros\":[~s]}~n",
              [length(Binaries), Errors, lists:join(",", [integer_to_list(T) || T <- Times])]).

prepare_all(Binaries) ->
    Start = erlang:monotonic_time(microsecond),
    Errors = lists:foldl(fun({Module, Binary}, Count) ->
                                 case erlang:prepare_loading(Module, Binary) of
                                     {error, _} -> Count + 1;
                                     _Prepared -> Count
                                 end
                         end, 0, Binaries),
    {erlang:monotonic_time(microsecond) - Start, Errors}.
