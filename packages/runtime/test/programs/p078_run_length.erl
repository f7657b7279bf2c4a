-module(p078_run_length).
-export([main/0]).
%% Run-length encoding of lists and binaries, and decoding back.
rle([]) -> [];
rle([H | T]) -> rle(T, H, 1, []).
rle([H | T], H, N, Acc) -> rle(T, H, N + 1, Acc);
rle([H | T], C, N, Acc) -> rle(T, H, 1, [{C, N} | Acc]);
rle([], C, N, Acc) -> lists:reverse([{C, N} | Acc]).
unrle(L) -> lists:append([lists:duplicate(N, C) || {C, N} <- L]).
brle(<<>>) -> <<>>;
brle(<<C, Rest/binary>>) -> brle(Rest, C, 1, <<>>).
brle(<<C, Rest/binary>>, C, N, Acc) when N < 255 -> brle(Rest, C, N + 1, Acc);
brle(<<D, Rest/binary>>, C, N, Acc) -> brle(Rest, D, 1, <<Acc/binary, N, C>>);
brle(<<>>, C, N, Acc) -> <<Acc/binary, N, C>>.
main() -> E = rle("aaabccddddd"), {E, unrle(E), brle(<<"zzzzyx">>)}.
