-module(p094_binary_patterns).
-export([main/0]).
%% Binary patterns in function heads: prefixes, fixed sizes, literal strings, tail binaries.
cmd(<<"GET ", Path/binary>>) -> {get, Path};
cmd(<<"PUT ", Rest/binary>>) -> case binary:split(Rest, <<" ">>) of [P, B] -> {put, P, B}; _ -> bad end;
cmd(<<N:8, _/binary>>) when N >= $0, N =< $9 -> {number, N - $0};
cmd(_) -> unknown.
main() -> [cmd(B) || B <- [<<"GET /index">>, <<"PUT /a body">>, <<"7up">>, <<>>, <<"PUT x">>]].
