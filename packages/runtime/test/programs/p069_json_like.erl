-module(p069_json_like).
-export([main/0]).
%% A tiny JSON-like encoder to iolists and binaries.
enc(N) when is_integer(N) -> integer_to_list(N);
enc(true) -> "true"; enc(false) -> "false"; enc(null) -> "null";
enc(B) when is_binary(B) -> [$", B, $"];
enc(L) when is_list(L) -> [$[, join([enc(X) || X <- L]), $]];
enc(M) when is_map(M) -> [${, join([[enc(K), $:, enc(V)] || {K, V} <- lists:sort(maps:to_list(M))]), $}].
join([]) -> []; join([X]) -> [X]; join([X | T]) -> [X, $, | join(T)].
main() -> iolist_to_binary(enc(#{<<"a">> => [1, 2, true], <<"b">> => #{<<"c">> => null}, <<"d">> => <<"s">>})).
