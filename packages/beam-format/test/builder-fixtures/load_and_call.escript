#!/usr/bin/env escript
%% -*- erlang -*-
%% Loads a .beam built by ModuleBuilder with code:load_binary/3 and checks calls.
%% Usage: escript load_and_call.escript MODULE.beam CALLS.etf
%% CALLS.etf is term_to_binary([{Function, Args, Expected}]). A call passes when its
%% result is =:= Expected and encodes to the same bytes (so -0.0 and 0.0 differ); an
%% Expected of {'$error_at', File, Line} asks for an exception raised at that line.
%% Prints "ok N" and exits 0, or prints the failures and exits 1.
main([BeamPath, CallsPath]) ->
    {ok, Bin} = file:read_file(BeamPath),
    Mod = list_to_atom(filename:basename(BeamPath, ".beam")),
    case code:load_binary(Mod, BeamPath, Bin) of
        {module, Mod} -> ok;
        LoadError -> io:format("load failed: ~p~n", [LoadError]), halt(1)
    end,
    {ok, CallsBin} = file:read_file(CallsPath),
    Calls = binary_to_term(CallsBin),
    Failures = lists:filtermap(fun({F, Args, Expected}) -> check(Mod, F, Args, Expected) end, Calls),
    case Failures of
        [] -> io:format("ok ~b~n", [length(Calls)]);
        _ -> io:format("~p~n", [lists:sublist(Failures, 10)]), halt(1)
    end.

%% Expected = {'$error_at', File, Line}: the call must raise, and the first stack frame
%% of Mod must carry that file and line.
check(Mod, F, Args, {'$error_at', File, Line}) ->
    try apply(Mod, F, Args) of
        Result -> {true, {F, Args, {expected_error_at, Line}, {got, Result}}}
    catch _:_:Stack ->
        case [Location || {M, _, _, Location} <- Stack, M =:= Mod] of
            [Location | _] ->
                case {proplists:get_value(file, Location), proplists:get_value(line, Location)} of
                    {File, Line} -> false;
                    Other -> {true, {F, Args, {expected_location, File, Line}, {got, Other}}}
                end;
            [] -> {true, {F, Args, {no_frame_of, Mod}, Stack}}
        end
    end;
check(Mod, F, Args, Expected) ->
    try apply(Mod, F, Args) of
        Result ->
            case Result =:= Expected andalso term_to_binary(Result) =:= term_to_binary(Expected) of
                true -> false;
                false -> {true, {F, Args, {expected, Expected}, {got, Result}}}
            end
    catch Class:Reason -> {true, {F, Args, {Class, Reason}}}
    end.
