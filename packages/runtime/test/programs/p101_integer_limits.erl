-module(p101_integer_limits).
-export([main/0]).
%% Values around the 28-bit small-integer boundary and around 2^32, 2^53, 2^64.
edges() -> [134217727, 134217728, -134217728, -134217729, 1 bsl 31, 1 bsl 32, (1 bsl 53) + 1, (1 bsl 64) - 1, -(1 bsl 64)].
main() -> E = edges(), {E, [X + 1 || X <- E], [X * 2 || X <- E], [X div 3 || X <- E], [X band 16#FFFF || X <- E], lists:sum(E)}.
