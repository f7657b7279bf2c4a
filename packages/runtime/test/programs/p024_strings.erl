-module(p024_strings).
-export([main/0]).
%% Charlist processing by hand: split, upper-case, reverse words, number formatting.
split([], Cur, Acc) -> lists:reverse([lists:reverse(Cur) | Acc]);
split([$\s | T], Cur, Acc) -> split(T, [], [lists:reverse(Cur) | Acc]);
split([C | T], Cur, Acc) -> split(T, [C | Cur], Acc).
upper(S) -> [if C >= $a, C =< $z -> C - 32; true -> C end || C <- S].
main() ->
    Words = split("the quick brown fox", [], []),
    {Words, [upper(W) || W <- Words], lists:reverse(Words), string_join(Words, "-"),
     integer_to_list(-12345), list_to_integer("007"), float_to_list(1.5), atom_to_list('hello world')}.
string_join([W], _) -> W;
string_join([W | Rest], Sep) -> W ++ Sep ++ string_join(Rest, Sep).
