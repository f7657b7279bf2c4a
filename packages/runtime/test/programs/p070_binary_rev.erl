-module(p070_binary_rev).
-export([main/0]).
%% Reversing binaries bytewise and bitwise, byte-swapping words, counting bits.
rev(<<>>) -> <<>>;
rev(<<B, R/binary>>) -> <<(rev(R))/binary, B>>.
bitrev(<<>>) -> <<>>;
bitrev(<<B:1, R/bits>>) -> <<(bitrev(R))/bits, B:1>>.
popcount(<<>>) -> 0;
popcount(<<B:1, R/bits>>) -> B + popcount(R).
swap32(<<A:32/big>>) -> <<A:32/little>>.
main() -> {rev(<<1, 2, 3, 4, 5>>), bitrev(<<2#10110000, 2#1:1>>), popcount(<<255, 1, 3>>), swap32(<<1, 2, 3, 4>>)}.
