-module(p014_utf).
-export([main/0]).
%% UTF-8/16/32 segments, construction and matching; unicode conversions.
decode(<<C/utf8, Rest/binary>>, Acc) -> decode(Rest, [C | Acc]);
decode(<<>>, Acc) -> lists:reverse(Acc).
main() ->
    S = <<"héllo €"/utf8>>,
    {S, decode(S, []), <<16#1F600/utf8>>, <<16#1F600/utf16>>, <<16#41/utf32>>, <<16#E9/utf16-little>>,
     case <<16#1F600/utf16>> of <<U/utf16>> -> U end,
     case <<16#10FFFF/utf32>> of <<V/utf32>> -> V end,
     unicode:characters_to_list(<<"ça"/utf8>>), unicode:characters_to_binary([$a, 16#20AC]),
     byte_size(S), length(decode(S, []))}.
