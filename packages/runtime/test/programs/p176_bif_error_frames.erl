-module(p176_bif_error_frames).
-export([main/0]).
%% The top stack frame of an exception a BIF raises: the BIF with its arguments and
%% [{error_info, #{module => erl_erts_errors | erl_stdlib_errors}}] as its location;
%% maps:get/2, is_key/2 and size/1 are named erlang:map_get/is_map_key/map_size as in
%% OTP 25. Undefined functions and function clauses keep an empty location. error/2,3
%% put their Args in the raising function's own frame, and error/3's error_info option
%% in its location (OTP's maps:map/2 raises that way).
top(F) -> try F() catch Class:Reason:Stack -> {Class, Reason, hd(Stack)} end.
clause(a) -> ok.
raiser(L, B) -> error({bad, length(L)}, [L, B], [{error_info, #{module => p176_bif_error_frames, cause => {L, B}}}]).
main() ->
    Cases = [fun() -> element(3, {a}) end, fun() -> atom_to_list(1) end, fun() -> binary:part(<<>>, 1, 1) end,
             fun() -> maps:get(a, #{}) end, fun() -> maps:get(a, x) end, fun() -> lists:reverse(a, b) end,
             fun() -> lists:keyfind(a, x, []) end, fun() -> math:sqrt(a) end, fun() -> list_to_atom(a) end,
             fun() -> binary_to_term(<<1>>) end, fun() -> lists:member(a, b) end, fun() -> abs(a) end,
             fun() -> erts_internal:map_next(a, b, c) end, fun() -> unicode:characters_to_binary(a, b) end,
             fun() -> erlang:crc32(a) end, fun() -> binary:match(a, b) end, fun() -> erlang:make_tuple(-1, a) end,
             fun() -> maps:find(a, x) end, fun() -> maps:put(a, 1, x) end, fun() -> maps:update(a, 1, #{}) end,
             fun() -> maps:remove(a, x) end, fun() -> map_size(x) end, fun() -> maps:keys(x) end,
             fun() -> maps:is_key(a, x) end, fun() -> maps:merge(x, #{}) end, fun() -> maps:values(x) end,
             fun() -> maps:from_list(x) end, fun() -> maps:size(x) end, fun() -> maps:take(a, x) end,
             fun() -> maps:from_keys(x, 1) end, fun() -> float_to_list(1.5, [bad]) end, fun() -> binary:split(<<>>, <<>>) end,
             fun() -> no_such_module:f(1) end, fun() -> clause(b) end, fun() -> erlang:error(x) end, fun() -> throw(t) end,
             fun() -> error(z, [1, 2]) end, fun() -> error(z, foo) end, fun() -> error(z, []) end,
             fun() -> error(z, [a], [{error_info, #{m => 1}}]) end, fun() -> error(z, [a], []) end,
             fun() -> error(z, [a], foo) end, fun() -> error(z, foo, [{error_info, x}]) end, fun() -> maps:map(a, #{}) end,
             fun() -> raiser(lists:seq(1, 5), <<"bin">>) end],
    lists:foreach(fun(F) -> io:format("~w~n", [top(F)]) end, Cases),
    length(Cases).
