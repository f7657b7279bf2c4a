#!/usr/bin/env escript
%% -*- erlang -*-
%% The oracle for the differential ETF fuzz: decodes each input with binary_to_term/1.
%% Usage: escript binary_to_term.escript INPUTS OUTPUTS
%% INPUTS has one line per binary: "x" followed by its hex (so an empty input is "x"). OUTPUTS gets one line per input:
%% "ok HEX" with term_to_binary(Term, [{minor_version, 2}, deterministic]), or "error".
-mode(compile).

main([Inputs, Outputs]) ->
    {ok, Text} = file:read_file(Inputs),
    Lines = [L || <<"x", L/binary>> <- binary:split(Text, <<"\n">>, [global])],
    Results = [[decode(binary:decode_hex(L)), $\n] || L <- Lines],
    ok = file:write_file(Outputs, Results).

decode(Bin) ->
    try binary_to_term(Bin) of
        Term -> [<<"ok ">>, binary:encode_hex(term_to_binary(Term, [{minor_version, 2}, deterministic]))]
    catch _:_ -> <<"error">>
    end.
