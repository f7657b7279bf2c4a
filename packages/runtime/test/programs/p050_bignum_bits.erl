-module(p050_bignum_bits).
-export([main/0]).
%% Bitwise operations on bignums and negative numbers, big shifts both ways.
main() ->
    A = 1 bsl 100 + 12345, B = -(1 bsl 90) - 7,
    {A band B, A bor B, A bxor B, bnot A, A bsr 95, B bsr 88, B bsl 3, (A * B) div (1 bsl 60),
     abs(B), -A rem 1000, 16#FFFFFFFFFFFFFFFF band 16#F0F0F0F0F0F0F0F0F0, 255 bsl 200 bsr 200}.
