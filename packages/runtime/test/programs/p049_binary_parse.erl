-module(p049_binary_parse).
-export([main/0]).
%% A length-prefixed record parser and a CSV-ish splitter over binaries.
records(<<>>) -> [];
records(<<Type:8, Len:16, Payload:Len/binary, Rest/binary>>) -> [{Type, Payload} | records(Rest)].
split(Bin, Sep) -> split(Bin, Sep, <<>>, []).
split(<<>>, _, Cur, Acc) -> lists:reverse([Cur | Acc]);
split(<<C, Rest/binary>>, C, Cur, Acc) -> split(Rest, C, <<>>, [Cur | Acc]);
split(<<C, Rest/binary>>, Sep, Cur, Acc) -> split(Rest, Sep, <<Cur/binary, C>>, Acc).
main() ->
    Data = <<1, 0, 3, "abc", 2, 0, 0, 7, 0, 1, $z>>,
    {records(Data), split(<<"a,bb,,ccc">>, $,)}.
