-module(p111_integer_parse_bin).
-export([main/0]).
%% Parsing decimal integers out of binaries digit by digit, with accumulators.
parse(<<C, Rest/binary>>, Acc) when C >= $0, C =< $9 -> parse(Rest, Acc * 10 + (C - $0));
parse(Rest, Acc) -> {Acc, Rest}.
all(<<>>) -> [];
all(<<$,, Rest/binary>>) -> all(Rest);
all(Bin) -> {N, Rest} = parse(Bin, 0), [N | all(Rest)].
main() -> all(<<"12,345,6789,0,99999999999999999999">>).
