-module(p040_bigfact).
-export([main/0]).
%% Big factorials and their digit sums; power of two; gcd of bignums.
fact(0) -> 1; fact(N) -> N * fact(N - 1).
digits(0, Acc) -> Acc; digits(N, Acc) -> digits(N div 10, Acc + N rem 10).
gcd(A, 0) -> A; gcd(A, B) -> gcd(B, A rem B).
pow(_, 0) -> 1; pow(B, E) -> B * pow(B, E - 1).
main() -> F = fact(100), {digits(F, 0), length(integer_to_list(F)), pow(2, 200), gcd(fact(50), pow(6, 40)), F rem 1000000007, -F div 7}.
