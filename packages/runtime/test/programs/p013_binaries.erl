-module(p013_binaries).
-export([main/0]).
%% Binary construction (bs_create_bin) and matching: integers, binaries, sizes, tails.
parse(<<Len:8, Body:Len/binary, Rest/binary>>) -> {Body, Rest};
parse(_) -> error.
sum(<<>>) -> 0;
sum(<<X:16/big, Rest/binary>>) -> X + sum(Rest).
main() ->
    B = <<1, 2, 3>>,
    C = <<B/binary, 4:8, 300:16, -1:8/signed>>,
    <<A:8, Tail/binary>> = C,
    <<_:4, Nibble:4, _/bits>> = <<16#AB>>,
    <<X:32/little>> = <<1, 0, 0, 0>>,
    <<Y:16/signed>> = <<255, 254>>,
    <<F:64/float>> = <<2.5/float>>,
    {B, C, A, Tail, Nibble, byte_size(C), bit_size(<<1:3>>), <<1:3>>, parse(<<3, "abcde">>),
     parse(<<9, "ab">>), sum(<<1:16, 2:16, 3:16>>), binary_to_list(<<"hi">>), list_to_binary([1, [2, <<3>>], 4]),
     X, Y,
     << <<(N * 2)>> || <<N>> <= <<1, 2, 3>> >>, [N || <<N:4>> <= <<16#12, 16#34>>],
     iolist_to_binary(["ab", $c, <<"d">>]), term_to_binary({a, 1}), binary_to_term(term_to_binary([x, {1.5}])),
     integer_to_binary(1234), binary_to_integer(<<"-77">>), atom_to_binary(ok, utf8), binary_part(<<"hello">>, 1, 3),
     <<1.5/float>>, F, <<255:16/little>>, <<"str">>}.
