-module(q032_receive_markers).
-export([main/0]).
%% Selective receive of a reply to a fresh ref (the receive-marker optimisation): the
%% compiler brackets make_ref/monitor ... receive {Ref, _} with recv_marker_* so that the
%% receive starts after the messages queued before the ref existed. Whatever the markers
%% do, every receive must take exactly the message erl takes.

server() ->
    receive
        {call, From, Ref, {echo, X}} -> From ! {Ref, {echoed, X}}, server();
        {call, From, Ref, {late, Ms, X}} -> receive after Ms -> ok end, From ! {Ref, {late, X}}, server();
        {call, _From, _Ref, ignore} -> server();
        {call, From, Ref, {two_replies, X}} -> From ! {Ref, {first, X}}, From ! {Ref, {second, X}}, server();
        stop -> ok
    end.

call(S, Req) ->
    Ref = make_ref(),
    S ! {call, self(), Ref, Req},
    receive {Ref, Reply} -> Reply end.

call(S, Req, Timeout) ->
    Ref = make_ref(),
    S ! {call, self(), Ref, Req},
    receive {Ref, Reply} -> Reply after Timeout -> timeout end.

monitor_call(S, Req) ->
    Ref = erlang:monitor(process, S),
    S ! {call, self(), Ref, Req},
    receive
        {Ref, Reply} -> erlang:demonitor(Ref, [flush]), Reply;
        {'DOWN', Ref, process, _, Reason} -> {down, Reason}
    end.

flush_all(Acc) -> receive M -> flush_all([M | Acc]) after 0 -> lists:reverse(Acc) end.

fill(N) -> [self() ! {unrelated, I} || I <- lists:seq(1, N)], ok.

%% Round trips with a full mailbox: every reply found, the unrelated messages untouched.
full_mailbox(S) ->
    fill(300),
    Replies = [call(S, {echo, I}) || I <- lists:seq(1, 40)],
    Left = flush_all([]),
    {lists:sum([X || {echoed, X} <- Replies]), length(Left), hd(Left), lists:last(Left)}.

%% The reply is already queued when the receive starts (the server answered while we slept).
reply_before_receive(S) ->
    fill(5),
    Ref = make_ref(),
    S ! {call, self(), Ref, {echo, early}},
    receive after 30 -> ok end,
    R = receive {Ref, Reply} -> Reply end,
    {R, length(flush_all([]))}.

%% A call inside a call: the outer ref's reply must still be found, and the inner one too.
nested(S) ->
    fill(10),
    Ref = make_ref(),
    S ! {call, self(), Ref, {echo, outer}},
    Inner = call(S, {echo, inner}),
    Inner2 = call(S, {echo, inner2}),
    Outer = receive {Ref, Reply} -> Reply end,
    {Outer, Inner, Inner2, length(flush_all([]))}.

%% A receive with a marker times out; the late reply arrives after and is still in the queue.
timeout_with_marker(S) ->
    fill(3),
    T = call(S, ignore, 20),
    L = call(S, {late, 60, slow}, 10),
    Next = call(S, {echo, after_timeout}),
    receive after 100 -> ok end,
    Left = flush_all([]),
    {T, L, Next, length(Left), [X || {_Ref, X} <- Left]}.

%% The message the marker stands on (the last one queued before make_ref) is taken by
%% another receive between the send and the receive of the reply.
marker_message_removed(S) ->
    fill(4),
    Ref = make_ref(),
    S ! {call, self(), Ref, {echo, one}},
    receive {unrelated, 4} -> ok end,
    receive {unrelated, 3} -> ok end,
    R1 = receive {Ref, Reply} -> Reply end,
    Ref2 = make_ref(),
    S ! {call, self(), Ref2, {echo, two}},
    [receive {unrelated, I} -> ok end || I <- [1, 2]],
    R2 = receive {Ref2, Reply2} -> Reply2 end,
    {R1, R2, flush_all([])}.

%% The message right after the marker (the reply itself) is the first of two replies;
%% the second is taken by a later receive.
two_replies(S) ->
    fill(2),
    Ref = make_ref(),
    S ! {call, self(), Ref, {two_replies, x}},
    A = receive {Ref, R1} -> R1 end,
    B = receive {Ref, R2} -> R2 end,
    {A, B, length(flush_all([]))}.

%% A message sent to ourselves after make_ref may hold the ref: it is after the marker
%% and is taken first. One sent before make_ref cannot hold the new ref; an old ref in
%% the same shape is skipped.
self_sent(S) ->
    Old = make_ref(),
    self() ! {Old, stale},
    Ref = make_ref(),
    self() ! {Ref, from_self},
    S ! {call, self(), Ref, {echo, from_server}},
    First = receive {Ref, X} -> X end,
    Second = receive {Ref, Y} -> Y end,
    Stale = receive {Old, Z} -> Z end,
    {First, Second, Stale}.

%% monitor/2 refs get markers too; demonitor(flush) removes nothing here, a DOWN is taken.
monitors(S) ->
    fill(3),
    A = monitor_call(S, {echo, mon}),
    Dead = spawn(fun() -> ok end),
    receive after 20 -> ok end,
    B = monitor_call(Dead, {echo, nobody}),
    %% The DOWN message is the one the next marker stands on; demonitor(flush) removes it.
    M = erlang:monitor(process, Dead),
    receive after 20 -> ok end,
    Ref = make_ref(),
    S ! {call, self(), Ref, {echo, after_flush}},
    true = erlang:demonitor(M, [flush]),
    C = receive {Ref, Reply} -> Reply end,
    {A, B, C, length(flush_all([]))}.

%% The queue is empty at make_ref (no marker is placed); the receive still works.
empty_queue(S) ->
    [] = flush_all([]),
    R = call(S, {echo, empty}),
    {R, flush_all([])}.

main() ->
    S = spawn(fun server/0),
    R = [full_mailbox(S), reply_before_receive(S), nested(S), timeout_with_marker(S),
         marker_message_removed(S), two_replies(S), self_sent(S), monitors(S), empty_queue(S)],
    S ! stop,
    R.
