-module(p039_primes).
-export([main/0]).
%% Sieve of Eratosthenes with lists, and trial division.
sieve([]) -> [];
sieve([P | T]) -> [P | sieve([X || X <- T, X rem P =/= 0])].
is_prime(N) when N < 2 -> false;
is_prime(N) -> is_prime(N, 2).
is_prime(N, D) when D * D > N -> true;
is_prime(N, D) when N rem D =:= 0 -> false;
is_prime(N, D) -> is_prime(N, D + 1).
main() -> {sieve(lists:seq(2, 200)), length([N || N <- lists:seq(1, 5000), is_prime(N)])}.
