#!/usr/bin/env escript
%% -*- erlang -*-
%% The oracle for the differential ETF fuzz: decodes each input with binary_to_term/1.
%% Usage: escript binary_to_term.escript INPUTS OUTPUTS
%% INPUTS has one line per binary: "x" followed by its hex (so an empty input is "x"). OUTPUTS gets one line per input:
%% "ok HEX" with term_to_binary(Term, [{minor_version, 2}, deterministic]) (local funs
%% replaced by their fields, see strip_funs), or "error".
-mode(compile).

main([Inputs, Outputs]) ->
    {ok, Text} = file:read_file(Inputs),
    Lines = [L || <<"x", L/binary>> <- binary:split(Text, <<"\n">>, [global])],
    Results = [[decode(binary:decode_hex(L)), $\n] || L <- Lines],
    ok = file:write_file(Outputs, Results).

decode(Bin) ->
    try binary_to_term(Bin) of
        Term -> [<<"ok ">>, binary:encode_hex(term_to_binary(strip_funs(Term), [{minor_version, 2}, deterministic]))]
    catch _:_ -> <<"error">>
    end.

%% A local fun decoded from mutated bytes points at code that does not exist, and
%% OTP 25's term_to_binary can crash the emulator (SIGSEGV) on one. So each local fun
%% is replaced by the tuple {'$fun', Module, Arity, Uniq, Index, OldIndex, OldUniq,
%% Pid, FreeVars} of its fun_info before re-encoding; the test does the same.
strip_funs(T) when is_function(T) ->
    case erlang:fun_info(T, type) of
        {type, local} ->
            I = maps:from_list(erlang:fun_info(T)),
            {'$fun', maps:get(module, I), maps:get(arity, I), maps:get(new_uniq, I), maps:get(new_index, I),
             maps:get(index, I), maps:get(uniq, I), maps:get(pid, I), [strip_funs(E) || E <- maps:get(env, I)]};
        {type, external} -> T
    end;
strip_funs([H | T]) -> [strip_funs(H) | strip_funs(T)];
strip_funs(T) when is_tuple(T) -> list_to_tuple([strip_funs(E) || E <- tuple_to_list(T)]);
strip_funs(T) when is_map(T) -> maps:from_list([{strip_funs(K), strip_funs(V)} || {K, V} <- maps:to_list(T)]);
strip_funs(T) -> T.
