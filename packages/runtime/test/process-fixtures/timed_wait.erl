%% A receive timeout must survive the process being woken during the wait.
-module(timed_wait).
-export([poked_pause/1, forwarded_loads/2, sender/2, loader/2, poke/1]).

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
