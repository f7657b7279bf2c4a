-module(q018_self_messages).
-export([main/0]).
%% Sending to self: ordering, large messages (deep copies), binaries in messages.
main() ->
    Big = lists:seq(1, 5000),
    self() ! {big, Big},
    self() ! {bin, list_to_binary(lists:duplicate(200, $x))},
    self() ! {map, #{a => [1, 2], b => {3}}},
    A = receive {big, L} -> lists:sum(L) end,
    B = receive {bin, Bin} -> byte_size(Bin) end,
    C = receive {map, M} -> M end,
    {A, B, C}.
