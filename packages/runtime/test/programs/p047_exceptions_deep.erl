-module(p047_exceptions_deep).
-export([main/0]).
%% Exceptions crossing many frames, catch in the middle, rethrow with raise, after clauses counting.
deep(0, Class) -> erlang:Class(bottom);
deep(N, Class) -> [deep(N - 1, Class)].
middle(Class) -> try deep(50, Class) catch throw:T -> {caught_throw, T} end.
main() ->
    A = middle(throw),
    B = try middle(error) catch error:E -> {outer_error, E} end,
    C = try middle(exit) catch exit:X -> {outer_exit, X} end,
    D = try try error(first) catch error:first:St -> erlang:raise(error, second, St) end catch error:R -> R end,
    {A, B, C, D}.
