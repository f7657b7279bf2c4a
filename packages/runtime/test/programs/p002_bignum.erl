-module(p002_bignum).
-export([main/0]).
%% Small integers overflowing into bignums, and back.
fact(0) -> 1;
fact(N) -> N * fact(N - 1).
main() ->
    F = fact(30),
    {F, F div fact(28), F rem 1000007, -F, F - F + 1, 134217727 + 1, -134217728 - 1,
     (1 bsl 100) bsr 98, bnot 5, 7 band 3, 7 bor 8, 7 bxor 2}.
