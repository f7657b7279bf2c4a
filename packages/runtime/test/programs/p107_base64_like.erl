-module(p107_base64_like).
-export([main/0]).
%% A base64 encoder over binaries with 6-bit segments (bit syntax with odd sizes).
enc(<<A:6, B:6, C:6, D:6, Rest/binary>>) -> [c(A), c(B), c(C), c(D) | enc(Rest)];
enc(<<A:6, B:6, C:4>>) -> [c(A), c(B), c(C bsl 2), $=];
enc(<<A:6, B:2>>) -> [c(A), c(B bsl 4), $=, $=];
enc(<<>>) -> [].
c(N) when N < 26 -> $A + N;
c(N) when N < 52 -> $a + N - 26;
c(N) when N < 62 -> $0 + N - 52;
c(62) -> $+;
c(63) -> $/.
main() -> [enc(B) || B <- [<<"Man">>, <<"Ma">>, <<"M">>, <<"hello world">>]].
