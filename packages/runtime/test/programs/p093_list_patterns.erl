-module(p093_list_patterns).
-export([main/0]).
%% List patterns: fixed prefixes, string prefixes, improper lists.
f([a, b | T]) -> {ab, T};
f("pre" ++ Rest) -> {pre, Rest};
f([X, X | _]) -> {dup, X};
f([_ | T]) when not is_list(T) -> improper;
f(_) -> other.
main() -> [f(X) || X <- [[a, b, c], "prefix", [1, 1, 2], [1 | 2], [1, 2], []]].
