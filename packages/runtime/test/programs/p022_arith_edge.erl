-module(p022_arith_edge).
-export([main/0]).
%% Integer division and remainder signs, shifts, big multiplication, mixed comparisons.
main() ->
    {7 div 2, -7 div 2, 7 div -2, 7 rem 2, -7 rem 2, 7 rem -2, 1 bsl 64, -1 bsr 3, -16 bsr 2,
     (1 bsl 200) div (1 bsl 100), 123456789 * 987654321, 99999999999 * 99999999999,
     (1 bsl 64) - 1, -(1 bsl 64), 134217727 * 2, 1 =:= 1.0, 1 == 1.0, 2 > 1.9999,
     (1 bsl 70) > 1.0e20, abs(-(1 bsl 80)), max(3, 3.0), min(3, 3.0), 10 - 10.0, trunc(1.0e20), round(-0.5)}.
