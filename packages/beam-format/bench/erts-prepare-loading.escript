#!/usr/bin/env escript
%% -*- erlang -*-
%%
%% The ERTS side of the parse benchmark: erlang:prepare_loading/2 (verify, inflate,
%% decode literals, decode, transform and JIT the code; nothing installed) over the
%% .beam files listed in FILE-LIST (one path a line), already read into memory.
%%
%% Driven over stdin so the caller can interleave its own runs with these: it prints
%%   ready <files> <bytes> <refused>
%% then answers each line "run" with the milliseconds one pass over all files took,
%% and stops at "quit" or end of input.
-mode(compile).

main([ListFile]) ->
    {ok, ListBin} = file:read_file(ListFile),
    Paths = [binary_to_list(P) || P <- binary:split(ListBin, <<"\n">>, [global, trim_all])],
    Modules = [begin
                   {ok, Bin} = file:read_file(P),
                   {list_to_atom(filename:basename(P, ".beam")), Bin}
               end || P <- Paths],
    Bytes = lists:sum([byte_size(B) || {_, B} <- Modules]),
    Refused = length([M || {M, B} <- Modules, not prepared(M, B)]),
    io:format("ready ~b ~b ~b~n", [length(Modules), Bytes, Refused]),
    loop(Modules);
main(_) ->
    io:format(standard_error, "usage: erts-prepare-loading.escript FILE-LIST~n", []),
    halt(2).

loop(Modules) ->
    case io:get_line("") of
        "run\n" ->
            io:format("~.3f~n", [time_run(Modules)]),
            loop(Modules);
        _ ->
            halt(0)
    end.

prepared(Module, Bin) ->
    case erlang:prepare_loading(Module, Bin) of
        {error, _} -> false;
        _Prepared -> true
    end.

time_run(Modules) ->
    erlang:garbage_collect(),
    Start = erlang:monotonic_time(microsecond),
    _ = [erlang:prepare_loading(M, B) || {M, B} <- Modules],
    (erlang:monotonic_time(microsecond) - Start) / 1000.
