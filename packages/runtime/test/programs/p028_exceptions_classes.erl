-module(p028_exceptions_classes).
-export([main/0]).
%% Every error reason the VM produces, caught and returned.
r(F) -> try F() catch C:R -> {C, R} end.
main() ->
    X = list_to_atom("x"),
    [r(fun() -> 1 + X end), r(fun() -> X + 0.5 end), r(fun() -> [1 | 2] ++ [3] end), r(fun() -> hd([]) end),
     r(fun() -> element(0, {}) end), r(fun() -> case X of y -> ok end end), r(fun() -> if X =:= y -> ok end end),
     r(fun() -> {ok} = {X} end), case r(fun() -> (fun(A) -> A end)(1, 2) end) of {error, {badarity, {_, Args}}} -> {badarity, Args} end, r(fun() -> X(1) end),
     r(fun() -> throw(t) end), r(fun() -> exit(e) end), r(fun() -> error({my, reason}) end),
     r(fun() -> list_to_integer("abc") end), r(fun() -> 1 div 0 end), r(fun() -> atom_to_list(1) end),
     r(fun() -> erlang:raise(error, raised, []) end), r(fun() -> no_module:f() end), r(fun() -> lists:nope() end)].
