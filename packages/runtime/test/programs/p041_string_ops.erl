-module(p041_string_ops).
-export([main/0]).
%% Charlist operations from lists: tokens by hand, join, case, padding, char tests.
trim(S) -> lists:reverse(drop(lists:reverse(drop(S)))).
drop([$\s | T]) -> drop(T); drop(S) -> S.
pad(S, N) when length(S) >= N -> S; pad(S, N) -> pad(S ++ ".", N).
main() -> {trim("  hi there  "), pad("ab", 5), [C || C <- "a1b2c3", C >= $0, C =< $9],
           lists:flatten(["a", ["b", ["c"]]]), lists:concat([a, "b", 1, 2.0]), lists:join(",", ["x", "y", "z"])}.
