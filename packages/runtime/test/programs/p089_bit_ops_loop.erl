-module(p089_bit_ops_loop).
-export([main/0]).
%% Bit manipulation in loops: CRC-like checksums and bit counting on integers.
crc(<<>>, Acc) -> Acc;
crc(<<B, Rest/binary>>, Acc) -> crc(Rest, ((Acc bsl 5) bxor (Acc bsr 27) bxor B) band 16#FFFFFFFF).
bits(0) -> 0;
bits(N) -> (N band 1) + bits(N bsr 1).
main() -> {crc(<<"The quick brown fox jumps over the lazy dog">>, 0), [bits(N) || N <- [0, 1, 255, 1023, 16#FFFFFFFF, 1 bsl 100 - 1]]}.
