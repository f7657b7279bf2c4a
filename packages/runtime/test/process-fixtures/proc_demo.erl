%% Process features through the real interpreter (compared with erl in process.test.ts).
-module(proc_demo).
-export([ring/2, echo_pair/0, links/0, monitors/0, after_timeout/0, names/0,
         dictionary/0, timers/0, selective/0, priorities/0, exit_kill/0, spawn_opt_monitor/0,
         parallel_sum/2, gc/1, info/0]).

%% A ring of N processes passing a counter M times around.
ring(N, M) ->
    Self = self(),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> relay(Next) end) end, Self, lists:seq(1, N)),
    First ! {token, N * M},
    wait_token(First).

relay(Next) ->
    receive
        {token, 0} -> Next ! {token, 0};
        {token, K} -> Next ! {token, K - 1}, relay(Next)
    end.

wait_token(First) ->
    receive
        {token, 0} -> done;
        {token, K} -> First ! {token, K - 1}, wait_token(First)
    end.

echo_pair() ->
    Self = self(),
    Pid = spawn(fun() -> receive {From, Msg} -> From ! {self(), Msg} end end),
    Pid ! {Self, hello},
    receive {Pid, Reply} -> Reply end.

links() ->
    process_flag(trap_exit, true),
    Pid = spawn_link(fun() -> exit(boom) end),
    R1 = receive {'EXIT', Pid, Why} -> Why end,
    Pid2 = spawn_link(fun() -> ok end),
    R2 = receive {'EXIT', Pid2, Why2} -> Why2 end,
    {R1, R2}.

monitors() ->
    {Pid, Ref} = spawn_monitor(fun() -> erlang:error(oops) end),
    R1 = receive {'DOWN', Ref, process, Pid, {Reason, _Stack}} -> Reason end,
    Ref2 = monitor(process, Pid),
    R2 = receive {'DOWN', Ref2, process, Pid, noproc} -> noproc end,
    {R1, R2}.

after_timeout() ->
    T = receive never -> never after 30 -> timeout end,
    self() ! late,
    L = receive late -> late after 1000 -> missing end,
    Z = receive _ -> other after 0 -> empty end,
    {T, L, Z}.

names() ->
    Pid = spawn(fun() -> receive {From, ping} -> From ! pong end end),
    true = register(pinger, Pid),
    Where = whereis(pinger) =:= Pid,
    pinger ! {self(), ping},
    Got = receive pong -> pong end,
    timer_wait(20),
    {Where, Got, whereis(pinger), catch register(pinger, self()), whereis(nobody)}.

timer_wait(Ms) -> receive after Ms -> ok end.

dictionary() ->
    undefined = put(a, 1),
    1 = put(a, 2),
    put({k, 1}, "v"),
    A = get(a),
    K = get({k, 1}),
    Keys = lists:sort(get_keys()),
    E = erase(a),
    {A, K, Keys, E, get(a), lists:sort(get())}.

timers() ->
    erlang:send_after(20, self(), first),
    Ref = erlang:start_timer(10, self(), second),
    Cancel = erlang:send_after(5000, self(), never),
    Left = erlang:cancel_timer(Cancel),
    M1 = receive {timeout, Ref, second} -> second end,
    M2 = receive first -> first end,
    {M1, M2, is_integer(Left) andalso Left > 4000, erlang:cancel_timer(Cancel)}.

selective() ->
    Self = self(),
    Self ! {b, 2}, Self ! {a, 1}, Self ! {c, 3},
    A = receive {a, X} -> X end,
    C = receive {c, Z} -> Z end,
    B = receive {b, Y} -> Y end,
    Ref = make_ref(),
    Self ! {Ref, marked},
    M = receive {Ref, Msg} -> Msg end,
    {A, B, C, M}.

priorities() ->
    Old = process_flag(priority, high),
    Now = process_flag(priority, normal),
    {Old, Now}.

exit_kill() ->
    Pid = spawn(fun() -> process_flag(trap_exit, true), receive _ -> ok end end),
    Ref = monitor(process, Pid),
    exit(Pid, kill),
    receive {'DOWN', Ref, process, Pid, Reason} -> Reason end.

spawn_opt_monitor() ->
    {Pid, Ref} = spawn_opt(fun() -> exit(normal) end, [monitor, {priority, high}]),
    receive {'DOWN', Ref, process, Pid, R} -> R end.

%% Sums 1..N in Workers processes and collects the parts.
parallel_sum(N, Workers) ->
    Self = self(),
    Chunk = N div Workers,
    Pids = [spawn(fun() -> Self ! {self(), sum(I * Chunk + 1, (I + 1) * Chunk, 0)} end) || I <- lists:seq(0, Workers - 1)],
    lists:sum([receive {P, S} -> S end || P <- Pids]).

sum(From, To, Acc) when From > To -> Acc;
sum(From, To, Acc) -> sum(From + 1, To, Acc + From).

%% Builds and drops lists so the heap grows, collects and shrinks.
gc(Rounds) ->
    Kept = lists:foldl(fun(I, Acc) -> L = lists:seq(1, 200), [lists:sum(L) + I | lists:sublist(Acc, 50)] end, [], lists:seq(1, Rounds)),
    true = erlang:garbage_collect(),
    {length(Kept), lists:sum(Kept)}.

info() ->
    self() ! x,
    Len = process_info(self(), message_queue_len),
    Name = process_info(self(), registered_name),
    {Len, Name, erlang:is_process_alive(self()), erlang:system_info(machine), is_integer(erlang:system_info(schedulers))}.
