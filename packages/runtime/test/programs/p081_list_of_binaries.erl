-module(p081_list_of_binaries).
-export([main/0]).
%% Large binaries (refc, more than 64 bytes): building, slicing, matching, comparing.
main() ->
    Big = list_to_binary(lists:seq(0, 255)),
    <<Head:10/binary, _:236/binary, Tail/binary>> = Big,
    Doubled = <<Big/binary, Big/binary>>,
    {byte_size(Big), Head, Tail, byte_size(Doubled), binary_part(Doubled, 250, 12), Big =:= binary:copy(Big),
     binary_to_list(Big, 250, 256) =:= lists:seq(249, 255)}.
