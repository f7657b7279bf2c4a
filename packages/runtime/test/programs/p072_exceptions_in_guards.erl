-module(p072_exceptions_in_guards).
-export([main/0]).
%% Errors inside guards make the guard fail (no exception escapes).
f(X) when hd(X) > 0 -> head_positive;
f(X) when X / 2 > 1 -> half_big;
f(X) when element(2, X) =:= b -> second_b;
f(_) -> fallthrough.
main() -> [f(X) || X <- [[1], [-1], 10, 1, {a, b}, {a}, atom, []]].
