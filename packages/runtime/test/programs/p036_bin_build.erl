-module(p036_bin_build).
-export([main/0, id/1]).
%% Binary construction from run-time values (not folded by the compiler): integers of
%% every size and endianness, floats, binaries, strings, UTF segments, appends in loops.
id(X) -> X.
build(N) -> <<N:8, N:16/little, (-N):24/signed, (id(1.5) * N)/float, (id(<<"ab">>))/binary, "str", N/utf8, N/utf16, N/utf32>>.
loop(0, Acc) -> Acc;
loop(N, Acc) -> loop(N - 1, <<Acc/binary, N:8>>).
bits(N) -> <<N:3, (id(<<5:3>>))/bits, N:1>>.
main() ->
    {build(id(65)), build(id(300)), loop(id(10), <<>>), bits(id(6)), byte_size(loop(id(1000), <<>>)),
     << <<X:4>> || X <- id([1, 2, 3, 4]) >>, <<(id(16#123456789ABCDEF0)):64>>, <<(id(-1)):70/signed>>,
     <<(id(7)):5/unit:2>>, <<(id(<<1, 2, 3, 4>>)):2/binary>>}.
