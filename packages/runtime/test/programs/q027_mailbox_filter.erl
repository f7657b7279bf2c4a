-module(q027_mailbox_filter).
-export([main/0]).
%% Receiving by pattern from a mixed mailbox, then checking what is left.
main() ->
    [self() ! X || X <- [1, a, 2, b, {t, 3}, 4]],
    Ints = [receive I when is_integer(I) -> I end || _ <- [1, 2, 3]],
    T = receive {t, V} -> V end,
    Left = flush([]),
    {Ints, T, Left}.
flush(Acc) -> receive X -> flush([X | Acc]) after 0 -> lists:reverse(Acc) end.
