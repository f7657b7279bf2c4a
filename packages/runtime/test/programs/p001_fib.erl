-module(p001_fib).
-export([main/0]).
%% Recursion, arithmetic and small-integer comparison.
fib(0) -> 0;
fib(1) -> 1;
fib(N) -> fib(N - 1) + fib(N - 2).
main() -> [fib(N) || N <- lists:seq(0, 20)].
