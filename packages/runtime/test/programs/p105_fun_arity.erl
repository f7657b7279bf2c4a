-module(p105_fun_arity).
-export([main/0, three/3]).
%% Funs of arities 0..5, badarity errors with the attempted arguments, is_function/2.
three(A, B, C) -> [A, B, C].
main() ->
    Fs = [fun() -> 0 end, fun(A) -> A end, fun(A, B) -> A + B end, fun ?MODULE:three/3, fun(A, B, C, D) -> {A, B, C, D} end],
    {[erlang:fun_info(F, arity) || F <- Fs], (lists:nth(4, Fs))(x, y, z), [is_function(F, 2) || F <- Fs],
     try (hd(Fs))(1) catch error:{badarity, {_, Args}} -> {badarity, Args} end}.
