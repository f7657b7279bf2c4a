#!/usr/bin/env escript
%% Usage: erts-prepare-verdicts.escript DIR SKIP
%% For each DIR/NNNNN_Module.beam (sorted), after the first SKIP: erlang:prepare_loading/2
%% and one line "VERDICT File ok|badfile|{Class,Reason}" on stdout, preceded for a refusal
%% by "REASON Text" lines (ERTS's loader error report, caught by a logger handler that is
%% this script's own module; it runs in the logger's process, so the script waits for it
%% before printing the verdict). ERTS itself crashes on some corrupt files (a signal, an
%% asmjit assertion): the caller restarts after the last verdict.
-mode(compile).
-export([log/2]).

main([Dir, Skip]) ->
    logger:remove_handler(default),
    logger:add_handler(verdicts, ?MODULE, #{}),
    Files = lists:nthtail(list_to_integer(Skip), lists:sort(filelib:wildcard(filename:join(Dir, "*.beam")))),
    lists:foreach(fun verdict/1, Files).

verdict(File) ->
    {ok, Bytes} = file:read_file(File),
    Name = filename:basename(File),
    [_, Module] = string:split(filename:basename(File, ".beam"), "_"),
    io:format("TRYING ~s~n", [Name]),
    Verdict = try erlang:prepare_loading(list_to_atom(Module), Bytes) of
                  {error, Reason} -> Reason;
                  _Prepared -> ok
              catch Class:Reason -> {Class, Reason}
              end,
    Verdict =/= ok andalso timer:sleep(2),
    io:format("VERDICT ~s ~p~n", [Name, Verdict]).

%% Logger handler: the loader's report names the reason; flatten it to one line.
log(#{msg := Msg}, _Config) ->
    Text = case Msg of
               {string, S} -> S;
               {report, R} -> io_lib:format("~p", [R]);
               {Format, Args} -> io_lib:format(Format, Args)
           end,
    Line = string:trim(re:replace(lists:flatten(Text), "\\s+", " ", [global, {return, list}])),
    io:format("REASON ~s~n", [Line]).
