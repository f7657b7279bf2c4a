-module(q029_timer_order).
-export([main/0]).
%% Timers fire in time order regardless of the order they were started.
main() ->
    [erlang:send_after(T, self(), {t, T}) || T <- [60, 20, 40, 10, 50, 30]],
    [receive {t, X} -> X end || _ <- lists:seq(1, 6)].
