-module(p159_fused_slow_paths).
-export([main/0]).
%% The fused instructions' paths other than two smalls (docs/loaded-code-format.md, "Fused
%% instructions"): '-' then a frame, '+' then the frame's end and a return, each with
%% bignums, floats, overflow past the small range and badarith (its stack trace must name
%% the function that owns the frame, with the right line); a [H | T] head taken apart with
%% and without a frame; [H | f(T)] building a list long enough to collect on the way.
main() ->
    Fib = [fib(N) || N <- [0, 1, 2, 10, 20]],
    BigFib = [fib_from(N) || N <- [134217727, 134217728, -134217728, 1 bsl 70, 2.5]],
    Sum = [add_after(X, Y) || {X, Y} <- [{1, 2}, {134217727, 1}, {-134217728, -1}, {1 bsl 64, 1}, {0.5, 0.25}]],
    BadMinus = ours(catch fib_from(atom)),
    BadPlus = ours(catch add_after(1, atom)),
    Doubled = double(lists:seq(1, 3000)),
    Length = count(lists:seq(1, 5000), 0),
    Heads = [first_two(L) || L <- [[a], [a, b], [a, b, c]]],
    NotAList = ours(catch double(improper)),
    Weights = [weigh(L) || L <- [[], [1], lists:seq(1, 2000), [1 bsl 62, 1 bsl 62], [0.5, 1]]],
    BadWeight = ours(catch weigh([1, a, 2])),
    {Fib, BigFib, Sum, BadMinus, BadPlus, lists:sum(Doubled), Length, Heads, NotAList, Weights, BadWeight}.

ours({'EXIT', {Reason, Stack}}) -> {Reason, [{F, A, L} || {?MODULE, F, A, [_, {line, L}]} <- Stack]};
ours(Value) -> Value.

fib(0) -> 0;
fib(1) -> 1;
fib(N) -> fib(N - 1) + fib(N - 2).

%% N - 1 (a bignum or float when N is) before the frame, then the frame's end after a '+'.
fib_from(N) ->
    M = N - 1,
    id(M) + id(N).

add_after(X, Y) ->
    Z = id(X),
    Z + Y.

double([]) -> [];
double([H | T]) -> [2 * H | double(T)].

count([], N) -> N;
count([_ | T], N) -> count(T, N + 1).

weigh([]) -> 0;
weigh([H | T]) -> weigh(T) + H.

first_two([A, B | _]) -> {A, B};
first_two([A]) -> {A}.

id(X) -> X.
