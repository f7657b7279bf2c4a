-module(p030_bit_syntax_more).
-export([main/0]).
%% Bit-level segments, signed/little fields, skipping, binaries of odd bit lengths.
bits(<<>>) -> [];
bits(<<B:1, Rest/bits>>) -> [B | bits(Rest)].
main() ->
    Packet = <<4:4, 5:4, 0:8, 1500:16, 16#ABCD:16, 1:1, 0:1, 0:1, 100:13>>,
    <<Version:4, Ihl:4, _Tos:8, Len:16, Id:16, Flags:3, Frag:13>> = Packet,
    {Version, Ihl, Len, Id, Flags, Frag, bits(<<5:3>>), <<-1:12/signed>>, <<-2:16/little-signed>>,
     case <<-2:16/little-signed>> of <<V:16/little-signed>> -> V end, <<1:1, 1:1>>, bit_size(<<1:1, 0:7, 1:3>>),
     << <<X:3>> || X <- [1, 2, 3] >>, is_bitstring(<<1:1>>), is_binary(<<1:1>>), is_binary(<<>>),
     case <<1, 2, 3, 4>> of <<_:16, Rest/binary>> -> Rest end}.
