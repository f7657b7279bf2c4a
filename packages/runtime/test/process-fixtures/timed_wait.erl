%% A receive timeout must survive the process being woken during the wait.
-module(timed_wait).
-export([poked_pause/1, forwarded_loads/2, sender/2, loader/2, poke/1,
         pestered_pause/1, pester/2, long_timeouts/0]).

%% A message no clause takes arrives while the process waits in `receive after Ms`;
%% the poker runs on the same scheduler in between (its x registers overwrite ours).
poked_pause(Ms) ->
    S = self(),
    spawn(?MODULE, poke, [S]),
    pause(Ms),
    {ok, Ms}.

poke(Parent) -> Parent ! {poke, self()}.

%% The reported repro: concurrent senders, a forwarder, then a pause.
forwarded_loads(Ms, N) ->
    S = self(),
    [spawn(?MODULE, sender, [S, I]) || I <- lists:seq(1, N)],
    L = spawn(?MODULE, loader, [S, N]),
    forward(L),
    R = receive {loads, X} -> X end,
    pause(Ms),
    {ok, R, Ms}.

forward(L) ->
    receive
        {seen, _, _, _} = S -> L ! S, forward(L);
        {loads, _} = D -> self() ! D
    end.

sender(Parent, I) -> Parent ! {seen, I, 1, 2}.

loader(Parent, N) -> wait(N), Parent ! {loads, done}.

wait(0) -> ok;
wait(N) -> receive {seen, _, _, _} -> wait(N - 1) end.

pause(Ms) -> receive after Ms -> ok end.

%% Unrelated messages keep arriving during `receive after Ms`: the timer must keep
%% counting from the start of the receive, not restart at each wake-up.
pestered_pause(Ms) ->
    S = self(),
    P = spawn(?MODULE, pester, [S, 10 * Ms]),
    T0 = erlang:monotonic_time(millisecond),
    receive never_sent -> unexpected after Ms -> ok end,
    Elapsed = erlang:monotonic_time(millisecond) - T0,
    exit(P, kill),
    {ok, Elapsed >= Ms, Elapsed < 5 * Ms}.

pester(_Parent, 0) -> done;
pester(Parent, N) -> Parent ! {pester, N}, receive after 1 -> ok end, pester(Parent, N - 1).

%% Timeouts beyond a small integer are valid up to 2^32-1 ms; one more is timeout_value.
long_timeouts() ->
    S = self(),
    spawn(?MODULE, poke, [S]),
    Got = receive {poke, _} -> got after 16#FFFFFFFF -> timeout end,
    Refused = try receive after 16#100000000 -> ok end catch error:Reason -> Reason end,
    {Got, Refused}.
