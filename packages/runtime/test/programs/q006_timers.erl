-module(q006_timers).
-export([main/0]).
%% send_after, start_timer, cancel_timer.
main() ->
    erlang:send_after(30, self(), later),
    Ref = erlang:start_timer(10, self(), tick),
    A = receive {timeout, Ref, tick} -> tick end,
    B = receive later -> later end,
    T = erlang:send_after(1000, self(), never),
    C = is_integer(erlang:cancel_timer(T)),
    D = receive never -> got after 50 -> nothing end,
    {A, B, C, D}.
