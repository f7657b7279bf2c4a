%% Writes the synthetic hot-loaded modules: bench_lit with version/0 returning the load's
%% version and literals/0 returning a list of Size entries {I, <<"value-I">>}, which erlc
%% stores in the literal table (LitT). Compiled from Core Erlang so that the literal stays
%% one term through the compiler: from Erlang source a 200,000-entry list takes ~18 s.
-module(bench_literal_gen).
-export([main/1, binary/3]).

%% erl -noshell -run bench_literal_gen main OutDir Module Size:Version ...
main([OutDir, ModuleName | Specs]) ->
    Module = list_to_atom(ModuleName),
    lists:foreach(
        fun(Spec) ->
            [SizeText, VersionText] = string:split(Spec, ":"),
            Size = list_to_integer(SizeText),
            Version = list_to_integer(VersionText),
            File = filename:join(OutDir, file_name(ModuleName, Size, Version)),
            ok = file:write_file(File, binary(Module, Size, Version))
        end,
        Specs),
    halt(0).

file_name(ModuleName, Size, Version) ->
    lists:flatten(io_lib:format("~s-~b-v~b.beam", [ModuleName, Size, Version])).

binary(Module, Size, Version) ->
    Literals = [{I, <<"value-", (integer_to_binary(I))/binary>>} || I <- lists:seq(1, Size)],
    Name = cerl:c_atom(Module),
    Info0 = cerl:c_call(cerl:c_atom(erlang), cerl:c_atom(get_module_info), [Name]),
    Key = cerl:c_var('Key'),
    Info1 = cerl:c_call(cerl:c_atom(erlang), cerl:c_atom(get_module_info), [Name, Key]),
    Definitions =
        [{cerl:c_fname(version, 0), cerl:c_fun([], cerl:c_int(Version))},
         {cerl:c_fname(literals, 0), cerl:c_fun([], cerl:abstract(Literals))},
         {cerl:c_fname(module_info, 0), cerl:c_fun([], Info0)},
         {cerl:c_fname(module_info, 1), cerl:c_fun([Key], Info1)}],
    Exports = [FunctionName || {FunctionName, _} <- Definitions],
    Core = cerl:c_module(Name, Exports, [], Definitions),
    {ok, Module, Binary} = compile:forms(Core, [from_core, binary, no_lint]),
    Binary.
