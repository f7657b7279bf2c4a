%% Runs the scenario on ERTS itself and writes its result as JSON.
%% erl +S 2:2 -noshell -pa ebin -run bench_erts_main main ConfigFile OutFile
%% ConfigFile holds Erlang terms (file:consult): {Key, Value} pairs as bench_scenario
%% expects, except that binaries are given as file names: {initial_file, F} and
%% {load_files, [{Size, Version, F}]}.
-module(bench_erts_main).
-export([main/1]).

main([ConfigFile, OutFile]) ->
    {ok, Terms} = file:consult(ConfigFile),
    Options = maps:from_list(Terms),
    #{initial_file := InitialFile, load_files := LoadFiles} = Options,
    Config = (maps:without([initial_file, load_files], Options))#{
        initial => read(InitialFile),
        loads => [{Size, Version, read(File)} || {Size, Version, File} <- LoadFiles]},
    Result = bench_scenario:run(Config),
    Context = #{otp_release => list_to_binary(erlang:system_info(otp_release)),
                erts_version => list_to_binary(erlang:system_info(version)),
                schedulers_online => erlang:system_info(schedulers_online)},
    ok = file:write_file(OutFile, json(Result#{erts => Context})),
    halt(0).

read(File) ->
    {ok, Binary} = file:read_file(File),
    Binary.

%% A JSON encoder for the plain data the scenario returns (OTP 25 has no json module).
%% Tuples become arrays; atoms and binaries become strings.
json(Map) when is_map(Map) ->
    Members = [[json_key(Key), $:, json(Value)] || {Key, Value} <- lists:sort(maps:to_list(Map))],
    [${, lists:join($,, Members), $}];
json(List) when is_list(List) ->
    [$[, lists:join($,, [json(Element) || Element <- List]), $]];
json(Tuple) when is_tuple(Tuple) ->
    json(tuple_to_list(Tuple));
json(Integer) when is_integer(Integer) ->
    integer_to_binary(Integer);
json(Float) when is_float(Float) ->
    float_to_binary(Float, [short]);
json(true) -> <<"true">>;
json(false) -> <<"false">>;
json(Atom) when is_atom(Atom) ->
    json_string(atom_to_binary(Atom));
json(Binary) when is_binary(Binary) ->
    json_string(Binary).

json_key(Key) when is_atom(Key) -> json_string(atom_to_binary(Key));
json_key(Key) when is_binary(Key) -> json_string(Key);
json_key(Key) when is_integer(Key) -> json_string(integer_to_binary(Key)).

%% Only plain names and reasons pass through here; escape the two characters that matter.
json_string(Binary) ->
    Escaped = binary:replace(binary:replace(Binary, <<"\\">>, <<"\\\\">>, [global]),
                             <<"\"">>, <<"\\\"">>, [global]),
    [$", Escaped, $"].
