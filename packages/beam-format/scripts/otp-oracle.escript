#!/usr/bin/env escript
%% -*- erlang -*-
%%! -noinput +A 0
%%
%% The OTP oracle for the conformance suite: for each .beam file, what OTP's own
%% beam_lib and beam_disasm report, as one line of typed JSON on stdout.
%%
%%   otp-oracle.escript --otp [FILE...] every .beam under code:root_dir(), sorted, then the FILEs
%%   otp-oracle.escript --list-otp     just the paths of those files, one a line
%%   otp-oracle.escript FILE...        the given files
%%
%% Terms are typed JSON (see src/disasm/typed-json.ts): ["i","123"], ["f",IEEE hex],
%% ["a",Name], ["b",HEX], ["bs",HEX,Bits], ["l",Items] / ["l",Items,Tail], ["t",Items],
%% ["m",Pairs], ["e",M,F,A]. Two beam_disasm quirks are undone here so the TypeScript
%% side need not copy them: the label/line run before each func_info is put back in
%% file order, and a typed register {tr,Reg,Type} shows its Type-chunk index instead
%% of the beam_types term. Files are dumped by one worker per scheduler.
-mode(compile).

main(["--list-otp"]) ->
    Out = stdout(),
    [port_command(Out, [F, $\n]) || F <- otp_files()],
    halt(0);
main(["--otp" | Files]) ->
    run(otp_files() ++ Files);
main(Files) when Files =/= [] ->
    run(Files);
main(_) ->
    io:format(standard_error, "usage: otp-oracle.escript --otp | --list-otp | FILE...~n", []),
    halt(2).

otp_files() ->
    lists:sort(filelib:wildcard(filename:join(code:root_dir(), "**/*.beam"))).

stdout() ->
    open_port({fd, 0, 1}, [out, binary]).

run(Files) ->
    Out = stdout(),
    Self = self(),
    Queue = spawn_link(fun() -> queue(Files) end),
    Workers = erlang:system_info(schedulers_online),
    [spawn_link(fun() -> worker(Queue, Self) end) || _ <- lists:seq(1, Workers)],
    collect(Out, Workers),
    halt(0).

queue([]) ->
    receive {next, Pid} -> Pid ! done, queue([]) end;
queue([F | Fs]) ->
    receive {next, Pid} -> Pid ! {file, F}, queue(Fs) end.

worker(Queue, Main) ->
    Queue ! {next, self()},
    receive
        done -> Main ! worker_done;
        {file, F} -> Main ! {line, iolist_to_binary([dump(F), $\n])}, worker(Queue, Main)
    end.

collect(_Out, 0) -> ok;
collect(Out, Left) ->
    receive
        worker_done -> collect(Out, Left - 1);
        {line, Line} -> port_command(Out, Line), collect(Out, Left)
    end.

dump(File) ->
    try dump_ok(File)
    catch Class:Reason:Stack ->
        obj([{"file", str(File)}, {"ok", <<"false">>},
             {"error", str(io_lib:format("~0p", [{Class, Reason, hd(Stack ++ [none])}]))}])
    end.

dump_ok(File) ->
    {ok, {Module, Chunks}} =
        beam_lib:chunks(File, [atoms, indexed_imports, labeled_exports, labeled_locals,
                               attributes, compile_info, "LitT", "Type", "Meta", "Dbgi"],
                        [allow_missing_chunks]),
    [{atoms, Atoms}, {indexed_imports, Imports}, {labeled_exports, Exports},
     {labeled_locals, Locals}, {attributes, Attributes}, {compile_info, CompileInfo},
     {"LitT", LitT}, {"Type", TypeChunk}, {"Meta", Meta}, {"Dbgi", Dbgi}] = Chunks,
    Types = types(TypeChunk),
    Disasm = beam_disasm:file(File),
    Functions = case Disasm of
                    {beam_file, _, _, _, _, Code} -> functions(Code, Types);
                    {error, beam_disasm, Why} -> {error, Why}
                end,
    obj([{"file", str(File)},
         {"ok", <<"true">>},
         {"module", str(atom_to_binary(Module))},
         {"atoms", arr([str(atom_to_binary(A)) || {_, A} <- Atoms])},
         {"imports", arr([arr([str(atom_to_binary(M)), str(atom_to_binary(F)), integer_to_binary(A)])
                          || {_, M, F, A} <- Imports])},
         {"exports", fat(Exports)},
         {"locals", case Locals of missing_chunk -> <<"null">>; _ -> fat(Locals) end},
         {"attributes", maybe_term(Attributes)},
         {"compile_info", maybe_term(CompileInfo)},
         {"literals", literals(LitT)},
         {"meta", etf_chunk(Meta)},
         %% Debug info is large: compared by the MD5 of its typed JSON.
         {"dbgi_md5", case Dbgi of
                          missing_chunk -> <<"null">>;
                          _ -> str(binary:encode_hex(erlang:md5(enc(binary_to_term(Dbgi)))))
                      end},
         {"types", case Types of none -> <<"null">>; _ -> arr([type_entry(T) || T <- Types]) end},
         {"functions", case Functions of
                           {error, Reason} -> obj([{"error", str(io_lib:format("~0p", [Reason]))}]);
                           _ -> arr(Functions)
                       end}]).

etf_chunk(missing_chunk) -> <<"null">>;
etf_chunk(Bin) -> enc(binary_to_term(Bin)).

maybe_term(missing_chunk) -> <<"null">>;
maybe_term(Term) -> enc(Term).

fat(Entries) ->
    arr([arr([str(atom_to_binary(F)), integer_to_binary(A), integer_to_binary(L)]) || {F, A, L} <- Entries]).

literals(missing_chunk) -> <<"null">>;
literals(<<0:32, Table/binary>>) -> literal_table(Table);
literals(<<_:32, Compressed/binary>>) -> literal_table(zlib:uncompress(Compressed)).

literal_table(<<_Count:32, Entries/binary>>) ->
    arr(literal_entries(Entries)).

literal_entries(<<Size:32, Ext:Size/binary, Rest/binary>>) ->
    [enc(binary_to_term(Ext)) | literal_entries(Rest)];
literal_entries(<<>>) -> [].

%% The Type chunk as beam_types decodes it, so {tr,Reg,Type} can be shown as an index.
types(<<1:32, _Count:32, Table/binary>>) ->
    [beam_types:decode_ext(Entry) || <<Entry:18/binary>> <= Table];
types(_) -> none.

%% A Type entry as [Bits, "Min", "Max"]: the bits beam_types encodes the decoded type back
%% to (the same bits for every entry of OTP 25's corpus), Min and Max as decode_ext reads
%% them (unsigned).
type_entry({Type, Min, Max}) ->
    <<Bits:16, _/binary>> = beam_types:encode_ext(Type),
    arr([integer_to_binary(Bits), str(integer_to_binary(Min)), str(integer_to_binary(Max))]).

functions(Code, Types) ->
    [First | Rest] = [{Name, Arity, Entry, [typed_registers(I, Types) || I <- Is]}
                      || {function, Name, Arity, Entry, Is} <- Code],
    [function(F) || F <- [First | [file_order(F) || F <- Rest]]].

%% beam_disasm reverses the label/line run before func_info for every function but the first.
file_order({Name, Arity, Entry, Is}) ->
    {Before, After} = lists:splitwith(fun(I) -> element(1, I) =/= func_info end, Is),
    {Name, Arity, Entry, lists:reverse(Before) ++ After}.

function({Name, Arity, Entry, Is}) ->
    arr([str(atom_to_binary(Name)), integer_to_binary(Arity), integer_to_binary(Entry),
         arr([enc(I) || I <- Is])]).

typed_registers({literal, _} = Literal, _Types) -> Literal;
typed_registers({tr, {R, N} = Reg, Type}, Types) when R =:= x; R =:= y, is_integer(N) ->
    {tr, Reg, type_index(Type, Types, 0)};
typed_registers(T, Types) when is_tuple(T) ->
    list_to_tuple([typed_registers(E, Types) || E <- tuple_to_list(T)]);
typed_registers([H | T], Types) ->
    [typed_registers(H, Types) | typed_registers(T, Types)];
typed_registers(Other, _Types) -> Other.

type_index(Type, [Type | _], Index) -> Index;
type_index(Type, [_ | Types], Index) -> type_index(Type, Types, Index + 1).

%% Typed JSON.
enc(I) when is_integer(I) -> [<<"[\"i\",\"">>, integer_to_binary(I), <<"\"]">>];
enc(F) when is_float(F) -> [<<"[\"f\",\"">>, binary:encode_hex(<<F:64/float>>), <<"\"]">>];
enc(A) when is_atom(A) -> [<<"[\"a\",">>, str(atom_to_binary(A)), $]];
enc(B) when is_binary(B) -> [<<"[\"b\",\"">>, binary:encode_hex(B), <<"\"]">>];
enc(B) when is_bitstring(B) ->
    Bits = bit_size(B),
    Pad = (8 - Bits rem 8) rem 8,
    [<<"[\"bs\",\"">>, binary:encode_hex(<<B/bitstring, 0:Pad>>), <<"\",">>, integer_to_binary(Bits), $]];
enc(L) when is_list(L) -> enc_list(L, []);
enc(T) when is_tuple(T) -> [<<"[\"t\",">>, arr([enc(E) || E <- tuple_to_list(T)]), $]];
enc(M) when is_map(M) ->
    %% Pairs sorted by the JSON of the key, as the TypeScript side sorts them.
    Pairs = lists:sort([{iolist_to_binary(enc(K)), enc(V)} || {K, V} <- maps:to_list(M)]),
    [<<"[\"m\",">>, arr([arr([K, V]) || {K, V} <- Pairs]), $]];
enc(F) when is_function(F) ->
    case erlang:fun_info(F, type) of
        {type, external} ->
            {module, M} = erlang:fun_info(F, module),
            {name, N} = erlang:fun_info(F, name),
            {arity, A} = erlang:fun_info(F, arity),
            [<<"[\"e\",">>, str(atom_to_binary(M)), $,, str(atom_to_binary(N)), $,, integer_to_binary(A), $]];
        _ -> other(F)
    end;
enc(Other) -> other(Other).

other(T) -> [<<"[\"other\",">>, str(io_lib:format("~w", [T])), $]].

enc_list(L, Acc) when L =:= [] -> [<<"[\"l\",">>, arr(lists:reverse(Acc)), $]];
enc_list([H | T], Acc) -> enc_list(T, [enc(H) | Acc]);
enc_list(Tail, Acc) -> [<<"[\"l\",">>, arr(lists:reverse(Acc)), $,, enc(Tail), $]].

arr(Items) -> [$[, lists:join($,, Items), $]].

obj(Pairs) -> [${, lists:join($,, [[str(K), $:, V] || {K, V} <- Pairs]), $}].

str(Chars) when is_list(Chars) -> str(unicode:characters_to_binary(Chars));
str(Bin) -> [$", escape(Bin), $"].

escape(Bin) ->
    case needs_escape(Bin) of
        false -> Bin;
        true -> [escape_char(C) || <<C>> <= Bin]
    end.

needs_escape(<<C, _/binary>>) when C < 32; C =:= $"; C =:= $\\ -> true;
needs_escape(<<_, Rest/binary>>) -> needs_escape(Rest);
needs_escape(<<>>) -> false.

%% Exactly as JSON.stringify escapes, so digests of the JSON text agree.
escape_char($") -> <<"\\\"">>;
escape_char($\\) -> <<"\\\\">>;
escape_char($\b) -> <<"\\b">>;
escape_char($\f) -> <<"\\f">>;
escape_char($\n) -> <<"\\n">>;
escape_char($\r) -> <<"\\r">>;
escape_char($\t) -> <<"\\t">>;
escape_char(C) when C < 32 -> [<<"\\u00">>, string:lowercase(binary:encode_hex(<<C>>))];
escape_char(C) -> C.
