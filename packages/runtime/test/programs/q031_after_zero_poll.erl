-module(q031_after_zero_poll).
-export([main/0]).
%% Polling a mailbox with after 0 while a producer fills it.
poll(0, Got) -> lists:reverse(Got);
poll(N, Got) -> receive {item, I} -> poll(N - 1, [I | Got]) after 0 -> erlang:yield(), poll(N, Got) end.
main() ->
    Self = self(),
    spawn(fun() -> [Self ! {item, I} || I <- lists:seq(1, 50)] end),
    poll(50, []) =:= lists:seq(1, 50).
