-module(receive_markers).
-export([round_trips/3]).
%% Call-like round trips to an echo server while Unrelated messages wait in the caller's
%% queue. Returns {Examined, QueueLength, Sum}: Examined is how many messages the caller's
%% receives looked at during the round trips, read with our own process_info item
%% beamload_messages_examined (beamload only; erl has no such item).
%%   ref:   receive {Ref, Reply}: erlc brackets it with receive markers, so each receive
%%          starts after the unrelated messages.
%%   other: the reply is matched without a ref: no markers, every receive scans the
%%          unrelated messages first. So does `ref` compiled with +r23 (r23/), which
%%          emits no markers.
round_trips(Unrelated, Calls, Kind) ->
    Server = spawn(fun echo/0),
    [self() ! {unrelated, I} || I <- lists:seq(1, Unrelated)],
    Before = examined(),
    Sum = calls(Kind, Server, Calls, 0),
    Examined = examined() - Before,
    {message_queue_len, Left} = process_info(self(), message_queue_len),
    Server ! stop,
    {Examined, Left, Sum}.

calls(_Kind, _Server, 0, Sum) -> Sum;
calls(ref, Server, N, Sum) -> calls(ref, Server, N - 1, Sum + call(Server, N));
calls(other, Server, N, Sum) -> calls(other, Server, N - 1, Sum + call_without_ref(Server, N)).

call(Server, X) ->
    Ref = make_ref(),
    Server ! {self(), Ref, X},
    receive {Ref, Reply} -> Reply end.

call_without_ref(Server, X) ->
    Server ! {self(), X},
    receive {reply, Reply} -> Reply end.

echo() ->
    receive
        {From, Ref, X} -> From ! {Ref, X}, echo();
        {From, X} -> From ! {reply, X}, echo();
        stop -> ok
    end.

examined() ->
    {beamload_messages_examined, N} = process_info(self(), beamload_messages_examined),
    N.
