#!/usr/bin/env escript
%% -*- erlang -*-
%%! -noshell
%% Writes the ETF corpus: varied terms, each with its expected value in a typed JSON
%% form and its bytes from term_to_binary/2 under several option sets.
%%
%% Usage: escript etf_corpus.escript OUT.json [SEED] [COUNT]
%% One JSON object per line: {"term": Typed, "encodings": {"default": Hex, ...}}.
%% Typed forms (all text as hex so no escaping is needed):
%%   ["i",Decimal] ["f",Hex64] ["a",Utf8Hex] ["l",[Typed],TailTyped|null] ["t",[Typed]]
%%   ["b",Hex] ["bits",Hex,BitsInLastByte] ["m",[[K,V]]] ["e",Mod,Fun,Arity]
%%   ["pid",Node,Id,Serial,Creation] ["port",Node,Id,Creation] ["ref",Node,Creation,[Id]]
%%   ["fun",Module,Arity,UniqHex,Index,OldIndex,OldUniq,PidTyped,[Free]]
-mode(compile).

main([Out]) -> main([Out, "1"]);
main([Out, Seed]) -> main([Out, Seed, "3000"]);
main([Out, Seed, Count]) ->
    rand:seed(exsss, {list_to_integer(Seed), 17, 29}),
    Terms = fixed_terms() ++ [random_term(4) || _ <- lists:seq(1, list_to_integer(Count))],
    {ok, F} = file:open(Out, [write, binary, raw, delayed_write]),
    lists:foreach(fun(T) -> ok = file:write(F, [line(T), $\n]) end, Terms),
    ok = file:close(F),
    io:format("~b terms~n", [length(Terms)]).

options() ->
    [{"default", []},
     {"minor0", [{minor_version, 0}]},
     {"minor1", [{minor_version, 1}]},
     {"minor2", [{minor_version, 2}]},
     {"compressed", [compressed]},
     {"compressed1", [{compressed, 1}]},
     {"compressed9", [{compressed, 9}]},
     {"deterministic", [deterministic]},
     {"minor2_deterministic", [{minor_version, 2}, deterministic]}].

line(T) ->
    Encodings = [[$", Name, "\":\"", hex(term_to_binary(T, Opts)), $"] || {Name, Opts} <- options()],
    ["{\"term\":", typed(T), ",\"encodings\":{", lists:join($,, Encodings), "}}"].

hex(Bin) -> [io_lib:format("~2.16.0b", [B]) || <<B>> <= Bin].
str(Bin) -> [$", hex(Bin), $"].
atom_hex(A) -> str(atom_to_binary(A, utf8)).
num(N) -> integer_to_list(N).

typed(T) when is_integer(T) -> ["[\"i\",\"", integer_to_list(T), "\"]"];
typed(T) when is_float(T) -> <<Bits:64>> = <<T/float>>, ["[\"f\",", str(<<Bits:64>>), "]"];
typed(T) when is_atom(T) -> ["[\"a\",", atom_hex(T), "]"];
typed(T) when is_list(T) ->
    {Elements, Tail} = split_list(T, []),
    ["[\"l\",[", lists:join($,, [typed(E) || E <- Elements]), "],",
     case Tail of [] -> "null"; _ -> typed(Tail) end, "]"];
typed(T) when is_tuple(T) -> ["[\"t\",[", lists:join($,, [typed(E) || E <- tuple_to_list(T)]), "]]"];
typed(T) when is_binary(T) -> ["[\"b\",", str(T), "]"];
typed(T) when is_bitstring(T) ->
    Bits = bit_size(T) rem 8,
    Padded = <<T/bitstring, 0:(8 - Bits)>>,
    ["[\"bits\",", str(Padded), ",", num(Bits), "]"];
typed(T) when is_map(T) ->
    ["[\"m\",[", lists:join($,, [["[", typed(K), ",", typed(V), "]"] || {K, V} <- maps:to_list(T)]), "]]"];
typed(T) when is_pid(T) ->
    <<131, 88, Rest/binary>> = term_to_binary(T),
    {Node, <<Id:32, Serial:32, Creation:32>>} = split_atom(Rest),
    ["[\"pid\",", atom_hex(Node), ",", num(Id), ",", num(Serial), ",", num(Creation), "]"];
typed(T) when is_port(T) ->
    {Node, Id, Creation} = case term_to_binary(T) of
        <<131, 89, Rest/binary>> -> {N, <<I:32, C:32>>} = split_atom(Rest), {N, I, C};
        <<131, 120, Rest/binary>> -> {N, <<I:64, C:32>>} = split_atom(Rest), {N, I, C}
    end,
    ["[\"port\",", atom_hex(Node), ",\"", num(Id), "\",", num(Creation), "]"];
typed(T) when is_reference(T) ->
    <<131, 90, Len:16, Rest/binary>> = term_to_binary(T),
    {Node, <<Creation:32, Ids:(Len * 4)/binary>>} = split_atom(Rest),
    ["[\"ref\",", atom_hex(Node), ",", num(Creation), ",[", lists:join($,, [num(I) || <<I:32>> <= Ids]), "]]"];
typed(T) when is_function(T) ->
    case erlang:fun_info(T, type) of
        {type, external} ->
            {module, M} = erlang:fun_info(T, module),
            {name, N} = erlang:fun_info(T, name),
            {arity, A} = erlang:fun_info(T, arity),
            ["[\"e\",", atom_hex(M), ",", atom_hex(N), ",", num(A), "]"];
        {type, local} ->
            Info = maps:from_list(erlang:fun_info(T)),
            #{module := M, arity := A, new_uniq := Uniq, new_index := Index, index := OldIndex,
              uniq := OldUniq, pid := Pid, env := Env} = Info,
            ["[\"fun\",", atom_hex(M), ",", num(A), ",", str(Uniq), ",", num(Index), ",", num(OldIndex), ",",
             num(OldUniq), ",", typed(Pid), ",[", lists:join($,, [typed(E) || E <- Env]), "]]"]
    end.

split_list([H | T], Acc) -> split_list(T, [H | Acc]);
split_list(Tail, Acc) -> {lists:reverse(Acc), Tail}.

split_atom(<<100, Len:16, Name:Len/binary, Rest/binary>>) -> {binary_to_atom(Name, latin1), Rest};
split_atom(<<118, Len:16, Name:Len/binary, Rest/binary>>) -> {binary_to_atom(Name, utf8), Rest};
split_atom(<<119, Len:8, Name:Len/binary, Rest/binary>>) -> {binary_to_atom(Name, utf8), Rest}.

negative_zero() -> binary_to_term(<<131, 70, 128, 0, 0, 0, 0, 0, 0, 0>>).

fixed_terms() ->
    Port = hd(erlang:ports()),
    Pid = spawn(fun() -> receive stop -> ok end end),
    X = rand:uniform(1000),
    Closure = fun(Y) -> {X, Y, Pid} end,
    Closure0 = fun() -> ok end,
    Deep = lists:foldl(fun(_, Acc) -> [Acc] end, [], lists:seq(1, 3000)),
    DeepTuple = lists:foldl(fun(I, Acc) -> {I, Acc} end, nil, lists:seq(1, 3000)),
    [0, 1, 255, 256, -1, -256, 2147483647, 2147483648, -2147483648, -2147483649,
     (1 bsl 53) - 1, 1 bsl 53, -(1 bsl 53) + 1, -(1 bsl 53), 1 bsl 64, -(1 bsl 64), 1 bsl 2047, -(1 bsl 2048) + 7,
     1 bsl 2040, 1 bsl 2041, 12345678901234567890123456789012345678901234567890,
     0.0, negative_zero(), 1.0, -1.5, 0.1, 1.0e300, -1.0e-300, 5.0e-324, 2.2250738585072014e-308,
     1.7976931348623157e308, 123456789.125, 3.141592653589793, 1.0e21, 1.0e20, 9.999999999999999e22,
     0.5, 0.3, 2.5, 1.0e-5, 1.0e100,
     '', a, 'ok', 'hello world', 'ñandú', 'Ü', 'ü€', '日本語', '😀', list_to_atom(lists:duplicate(255, $x)),
     list_to_atom(lists:duplicate(255, 16#20AC)), list_to_atom(lists:duplicate(255, 255)),
     [], "abc", [0], lists:seq(0, 255), lists:duplicate(65535, $a), lists:duplicate(65536, $a),
     [256], [1, 2 | 3], [a | b], [[] | []], [1 | <<2>>], ["abc" | 1], [-1, 1],
     {}, {a}, {a, b, c}, list_to_tuple(lists:seq(1, 300)),
     <<>>, <<1, 2, 3>>, <<1:1>>, <<255:7>>, <<1, 2, 3:5>>, binary:copy(<<"xyz">>, 1000),
     #{}, #{a => 1}, #{1 => a, 1.0 => b}, maps:from_list([{I, I * I} || I <- lists:seq(1, 33)]),
     maps:from_list([{{k, I}, [I]} || I <- lists:seq(1, 200)]),
     maps:from_list([{integer_to_binary(I), I} || I <- lists:seq(1, 100)]),
     #{#{a => b} => [1], [x] => {}, <<"k">> => 1.5, 3 => 3, 2.0 => 2, z => z},
     fun lists:map/2, fun erlang:abs/1, fun 'ü€':'ñ'/0,
     self(), Pid, Port, make_ref(), alias(), Closure, Closure0, fun(A, B) -> A + B + X end,
     {Pid, [Port, make_ref()], #{pid => self()}},
     Deep, DeepTuple, [lists:seq(1, 100) || _ <- lists:seq(1, 50)]].

random_term(0) -> random_leaf();
random_term(Depth) ->
    case rand:uniform(10) of
        N when N =< 4 -> random_leaf();
        5 -> list_to_tuple([random_term(Depth - 1) || _ <- lists:seq(1, rand:uniform(6) - 1)]);
        6 -> [random_term(Depth - 1) || _ <- lists:seq(1, rand:uniform(6) - 1)];
        7 -> maps:from_list([{random_term(Depth - 1), random_term(Depth - 1)} || _ <- lists:seq(1, rand:uniform(5))]);
        8 -> maps:from_list([{random_leaf(), random_leaf()} || _ <- lists:seq(1, 20 + rand:uniform(40))]);
        9 -> case rand:uniform(2) of
                 1 -> [random_term(Depth - 1) | random_leaf()];
                 2 -> [rand:uniform(256) - 1 || _ <- lists:seq(1, rand:uniform(40))]
             end;
        10 -> {random_leaf(), [random_term(Depth - 1)]}
    end.

random_leaf() ->
    case rand:uniform(12) of
        1 -> rand:uniform(256) - 1;
        2 -> rand:uniform(1 bsl 32) - (1 bsl 31);
        3 -> (rand:uniform(1 bsl 60) - (1 bsl 59)) * (1 bsl rand:uniform(200));
        4 -> random_float();
        5 -> random_atom();
        6 -> list_to_binary([rand:uniform(256) - 1 || _ <- lists:seq(1, rand:uniform(20) - 1)]);
        7 -> Bits = rand:uniform(7), <<(rand:uniform(1 bsl 16) - 1):16, (rand:uniform(1 bsl Bits) - 1):Bits>>;
        8 -> [];
        9 -> rand:uniform(1 bsl 53);
        10 -> (rand:uniform(1000) - 500) / 8;
        11 -> lists:nth(rand:uniform(4), [self(), make_ref(), hd(erlang:ports()), fun lists:reverse/1]);
        12 -> rand:uniform() * math:pow(10, rand:uniform(40) - 20)
    end.

random_float() ->
    <<Bits:64>> = crypto_free_bytes(8),
    try <<F/float>> = <<Bits:64>>, F
    catch error:{badmatch, _} -> random_float()
    end.

crypto_free_bytes(N) -> list_to_binary([rand:uniform(256) - 1 || _ <- lists:seq(1, N)]).

random_atom() ->
    Alphabets = [lists:seq($a, $z), lists:seq(16#C0, 16#FF), [16#20AC, 16#3042, 16#1F600, $_, $@]],
    Alphabet = lists:nth(rand:uniform(length(Alphabets)), Alphabets),
    Name = [lists:nth(rand:uniform(length(Alphabet)), Alphabet) || _ <- lists:seq(1, rand:uniform(12))],
    list_to_atom(Name).
