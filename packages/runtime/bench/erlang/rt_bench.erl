%% The runtime benchmark's workloads (issue 5), run on erl and on beamload alike.
-module(rt_bench).
-export([fib/1, ring/2, nrev/2, par/2, erts_time/2]).

fib(0) -> 0;
fib(1) -> 1;
fib(N) -> fib(N - 1) + fib(N - 2).

%% N processes in a ring pass a token M times around.
ring(N, M) ->
    Self = self(),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> relay(Next) end) end, Self, lists:seq(1, N - 1)),
    First ! {token, N * M},
    await(First).

relay(Next) ->
    receive
        {token, 0} -> Next ! {token, 0};
        {token, K} -> Next ! {token, K - 1}, relay(Next)
    end.

await(First) ->
    receive
        {token, 0} -> done;
        {token, K} -> First ! {token, K - 1}, await(First)
    end.

%% Naive reverse of an L-element list, Times times.
nrev(L, Times) -> nrev_loop(lists:seq(1, L), Times, []).

nrev_loop(_List, 0, Last) -> length(Last);
nrev_loop(List, Times, _) -> nrev_loop(List, Times - 1, nrev(List)).

nrev([]) -> [];
nrev([H | T]) -> app(nrev(T), [H]).

app([], L) -> L;
app([H | T], L) -> [H | app(T, L)].

%% Workers processes each compute fib(N); the CPU-parallel workload.
par(Workers, N) ->
    Self = self(),
    Pids = [spawn(fun() -> Self ! {self(), fib(N)} end) || _ <- lists:seq(1, Workers)],
    lists:sum([receive {P, V} -> V end || P <- Pids]).

%% On erl: microseconds of Fun(Args) (the median of Runs is taken by the caller).
erts_time(Name, Args) ->
    {Us, _} = timer:tc(rt_bench, Name, Args),
    Us.
