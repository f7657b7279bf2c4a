-module(p097_float_compare).
-export([main/0]).
%% Float comparisons and conversions at the edges of exact integers.
main() -> {9007199254740992 == 9007199254740992.0, 9007199254740993 == 9007199254740992.0, 9007199254740993 > 9007199254740992.0,
           (1 bsl 64) == float(1 bsl 64), 0.1 + 0.2 == 0.3, 1.0e20 == 100000000000000000000, -0.0 =:= 0.0, 1 / 4 == 0.25}.
