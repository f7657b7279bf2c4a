-module(p157_stacktrace_recursion).
-export([main/0]).
%% Stack traces through recursion, as ERTS records them: a return address equal to the
%% one recorded just before it is recorded once, so n levels of body recursion or of a
%% list comprehension show as one frame; different call sites in one function stay apart.
%% Only this module's frames are kept: the caller's (the runner, erl_eval on erl) differ.
main() ->
    Lc = [ours(catch f(X)) || X <- [1, 2, 3, 4, 5]],
    Body = ours(catch sum_until_boom(12)),
    Mutual = ours(catch ping(6)),
    Two = ours(catch two_sites(3)),
    Sites = ours(catch grow(5)),
    {Lc, Body, Mutual, Two, Sites}.

ours({'EXIT', {Reason, Stack}}) -> {Reason, [Frame || {?MODULE, _, _, _} = Frame <- Stack]};
ours(Value) -> Value.

f(4) -> erlang:error(boom);
f(X) -> X.

sum_until_boom(0) -> erlang:error(bottom);
sum_until_boom(N) -> N + sum_until_boom(N - 1).

ping(0) -> erlang:error(pong_bottom);
ping(N) -> 1 + pong(N - 1).
pong(N) -> 2 + ping(N).

two_sites(0) -> erlang:error(sites);
two_sites(N) when N rem 2 =:= 0 -> 1 + two_sites(N - 1);
two_sites(N) -> 2 + two_sites(N - 1).

%% Body recursion that can return, so the compiler keeps the frames (the others above
%% always fail, and become tail calls): the return address repeats, and is recorded once.
grow(0) -> [erlang:binary_to_atom(id(<<255>>), utf8)];
grow(N) -> [N | grow(N - 1)].

id(X) -> X.
