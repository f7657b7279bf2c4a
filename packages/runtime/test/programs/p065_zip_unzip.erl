-module(p065_zip_unzip).
-export([main/0]).
%% Building and taking apart tuples in lists: zips, key lists, proplists by hand.
pairs([], []) -> [];
pairs([A | As], [B | Bs]) -> [{A, B} | pairs(As, Bs)].
lookup(_, []) -> none;
lookup(K, [{K, V} | _]) -> {some, V};
lookup(K, [_ | T]) -> lookup(K, T).
main() -> P = pairs([a, b, c], [1, 2, 3]), {P, lookup(b, P), lookup(z, P), [K || {K, V} <- P, V > 1], lists:unzip(P)}.
