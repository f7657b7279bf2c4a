-module(p075_apply_dynamic).
-export([main/0, op/3]).
%% Dispatch tables of {Module, Function} and funs built with fun M:F/A from variables.
op(add, A, B) -> A + B;
op(mul, A, B) -> A * B.
main() ->
    Table = [{?MODULE, op, [add, 1, 2]}, {lists, max, [[3, 9, 2]]}, {erlang, tuple_size, [{a, b}]}, {math, pow, [2, 8]}],
    M = lists, F = reverse,
    Fun = fun M:F/1,
    {[apply(Mod, Fn, Args) || {Mod, Fn, Args} <- Table], Fun([1, 2, 3]), erlang:fun_info(Fun, arity)}.
