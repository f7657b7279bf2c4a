-module(q002_receive_after).
-export([main/0]).
%% receive ... after: timeouts, after 0 polling, selective receive keeping other messages.
main() ->
    T = receive never -> got after 20 -> timeout end,
    self() ! b, self() ! a, self() ! c,
    First = receive a -> a end,
    Rest = [receive X -> X end, receive Y -> Y end],
    Empty = receive _ -> something after 0 -> empty end,
    {T, First, Rest, Empty}.
