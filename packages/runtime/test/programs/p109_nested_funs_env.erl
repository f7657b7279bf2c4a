-module(p109_nested_funs_env).
-export([main/0]).
%% Funs nested three deep, each capturing variables of the enclosing ones.
main() ->
    A = 1,
    F = fun(B) -> fun(C) -> fun(D) -> [A, B, C, D] end end end,
    G = ((F(2))(3)),
    {G(4), G(5), (((F(a))(b))(c))}.
