-module(q007_parallel_map).
-export([main/0]).
%% A parallel map: one process per element, results gathered in order by reference.
pmap(F, L) ->
    Self = self(),
    Refs = [begin R = make_ref(), spawn(fun() -> Self ! {R, F(X)} end), R end || X <- L],
    [receive {R, V} -> V end || R <- Refs].
fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).
main() -> pmap(fun fib/1, lists:seq(10, 22)).
