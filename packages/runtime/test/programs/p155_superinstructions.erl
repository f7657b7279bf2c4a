-module(p155_superinstructions).
-export([main/0]).
%% The paths of the loader's superinstructions (docs/loaded-code-format.md, "Fused
%% instructions"), at their edges: select_val jump tables (holes, negative values,
%% input that is not a small integer), + and - leaving the smalls for bignums and
%% floats or raising badarith, list building through test_heap_put_list (many
%% collections under GC torture), a list clause's is_nonempty_list_allocate refusing
%% improper lists, and stack traces and line numbers through move2 and
%% deallocate_return.
main() ->
    Selects = [{V, dense(V), holes(V), negative(V)}
               || V <- [-6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
                        1.0, 2.0, a, [], {3}, 1 bsl 27, -(1 bsl 27), 1 bsl 40, -(1 bsl 40)]],
    Edges = [(1 bsl 27) - 2, (1 bsl 27) - 1, 1 bsl 27, -(1 bsl 27), -(1 bsl 27) + 1, 1 bsl 60, -(1 bsl 60), 2.5],
    Sums = [{A, plus_one(A), minus_one(A), plus(A, A), minus(A, -A), minus(-A, A)} || A <- Edges],
    Walk = walk_up((1 bsl 27) - 5, 10, []),
    Bad = [own_frames(catch plus_one(a)), own_frames(catch plus_one("1")), own_frames(catch plus_one({1})),
           own_frames(catch minus(1, b))],
    Built = [length(build(N, [])) || N <- [0, 1, 100, 5000]],
    Reversed = nrev(lists:seq(1, 200)),
    Improper = own_frames(catch app([1, 2 | 3], [4])),
    Trace = try deep(3) catch error:Reason:Stack -> {Reason, [{F, A, L} || {?MODULE, F, A, L} <- Stack]} end,
    {Selects, Sums, Walk, Bad, Built, lists:sublist(Reversed, 5), Improper, Trace, fib(22)}.

%% An exception's stack trace without the frames below this module (the runner's, which
%% differ between erl and the runtime).
own_frames({'EXIT', {Reason, Stack}}) -> {Reason, [{F, A, L} || {?MODULE, F, A, L} <- Stack]}.

%% Dense: 0..9 all present.
dense(0) -> zero; dense(1) -> one; dense(2) -> two; dense(3) -> three; dense(4) -> four;
dense(5) -> five; dense(6) -> six; dense(7) -> seven; dense(8) -> eight; dense(9) -> nine;
dense(_) -> other.

%% Holes at 2, 4, 5 and 7 fall to the default clause.
holes(1) -> h1; holes(3) -> h3; holes(6) -> h6; holes(8) -> h8; holes(9) -> h9;
holes(X) -> {hole, X}.

%% Negative values, and zero in the middle.
negative(-5) -> m5; negative(-3) -> m3; negative(-1) -> m1; negative(0) -> z;
negative(2) -> p2; negative(X) -> {n, X}.

plus_one(X) -> X + 1.
minus_one(X) -> X - 1.
plus(A, B) -> A + B.
minus(A, B) -> A - B.

%% Steps across the largest small (2^27 - 1) with a frame held.
walk_up(_, 0, Acc) -> lists:reverse(Acc);
walk_up(N, K, Acc) -> walk_up(N + 1, K - 1, [N + 1 | Acc]).

build(0, Acc) -> Acc;
build(N, Acc) -> build(N - 1, [{N, N + 1} | Acc]).

nrev([]) -> [];
nrev([H | T]) -> app(nrev(T), [H]).

app([], L) -> L;
app([H | T], L) -> [H | app(T, L)].

%% A raise three calls deep, each call set up by two moves (move2).
deep(0) -> erlang:error(deep_bottom);
deep(N) ->
    X = N - 1,
    R = deep2(X, N),
    {R, X}.

deep2(A, B) ->
    R = deep(A),
    [R | B].

fib(0) -> 0;
fib(1) -> 1;
fib(N) -> fib(N - 1) + fib(N - 2).
