-module(p082_number_parsing).
-export([main/0]).
%% A hand-written number parser over charlists (integers, signs, decimals).
parse([$- | T]) -> -parse(T);
parse(S) -> parse_int(S, 0).
parse_int([C | T], Acc) when C >= $0, C =< $9 -> parse_int(T, Acc * 10 + C - $0);
parse_int([$. | T], Acc) -> Acc + parse_frac(T, 0.1, 0.0);
parse_int([], Acc) -> Acc.
parse_frac([C | T], Scale, Acc) -> parse_frac(T, Scale / 10, Acc + (C - $0) * Scale);
parse_frac([], _, Acc) -> Acc.
main() -> [parse(S) || S <- ["0", "42", "-17", "3.25", "-0.5", "123456789012345678901234567890"]].
