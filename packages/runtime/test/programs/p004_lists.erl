-module(p004_lists).
-export([main/0]).
%% Lists: cons, hd/tl, length, ++, --, reverse, member, keyfind.
rev([], Acc) -> Acc;
rev([H | T], Acc) -> rev(T, [H | Acc]).
main() ->
    L = [1, 2, 3, 4, 5],
    {hd(L), tl(L), length(L), L ++ [6], L -- [2, 4], rev(L, []), lists:reverse(L),
     lists:member(3, L), lists:member(9, L), lists:keyfind(b, 1, [{a, 1}, {b, 2}]),
     lists:keyfind(z, 1, [{a, 1}]), [X * 2 || X <- L, X rem 2 =:= 1]}.
