-module(p054_guards_complex).
-export([main/0]).
%% Guard sequences (; and ,), orelse/andalso in guards, guard BIFs failing silently.
f(X) when is_integer(X), X > 10; is_atom(X) -> big_or_atom;
f(X) when is_list(X) andalso length(X) > 1 -> long;
f(X) when element(1, X) =:= k orelse X =:= {} -> k_or_empty;
f(X) when -X > 0 -> negative;
f(_) -> other.
main() -> [f(X) || X <- [20, a, [1, 2], [1], {k, 1}, {}, -5, 5, "ab", 3.5]].
