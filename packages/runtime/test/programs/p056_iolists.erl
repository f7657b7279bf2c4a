-module(p056_iolists).
-export([main/0]).
%% iolists: iolist_to_binary, iolist_size, list_to_binary of deep lists, binary_to_list ranges.
main() ->
    IO = [<<"head">>, $:, [["deep", [$x]], <<>>], "tail"],
    {iolist_to_binary(IO), iolist_size(IO), list_to_binary([[], [[]], <<1>>]), binary_to_list(<<"abcdef">>),
     byte_size(iolist_to_binary([lists:duplicate(100, $a)])), split_binary(<<1, 2, 3, 4>>, 1)}.
