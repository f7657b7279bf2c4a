-module(p117_accumulate_binary).
-export([main/0]).
%% Appending to a binary accumulator in a long loop (the append optimisation's territory).
build(0, Acc) -> Acc;
build(N, Acc) -> build(N - 1, <<Acc/binary, (N rem 256):8, (N rem 7):3>>).
main() -> B = build(5000, <<>>), {bit_size(B), byte_size(B), binary:part(B, 0, 4)}.
