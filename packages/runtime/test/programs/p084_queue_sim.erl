-module(p084_queue_sim).
-export([main/0]).
%% A simulation with OTP's queue: round-robin scheduling of tasks with remaining work.
run(Q, Done, T) ->
    case queue:out(Q) of
        {empty, _} -> {lists:reverse(Done), T};
        {{value, {Name, Left}}, Q2} when Left =< 2 -> run(Q2, [{Name, T + Left} | Done], T + Left);
        {{value, {Name, Left}}, Q2} -> run(queue:in({Name, Left - 2}, Q2), Done, T + 2)
    end.
main() -> run(queue:from_list([{a, 5}, {b, 2}, {c, 7}, {d, 1}]), [], 0).
