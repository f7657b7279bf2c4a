-module(q034_aliases_gen_server).
-behaviour(gen_server).
-export([main/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).
%% Process aliases (OTP 24+): alias/0,1, unalias/1, monitor/3 with {alias, Mode}, sends
%% to a ref, send/3; and OTP's own gen_server over them (gen:call replies through a
%% monitor alias), including a call that times out and gen_server:stop.
main() ->
    Plain = alias_basics(),
    Reply = reply_alias(),
    Monitor = monitor_alias(),
    Server = gen_server_round(),
    {Plain, Reply, Monitor, Server}.

drain() -> receive M -> [M | drain()] after 50 -> [] end.

alias_basics() ->
    A = alias(),
    A ! one,
    erlang:send(A, two, [noconnect]),
    Got = drain(),
    Gone = unalias(A),
    Again = unalias(A),
    A ! three,
    After = drain(),
    Ref = make_ref(),
    Ref ! dropped,
    Dropped = drain(),
    Other = spawn(fun() -> receive {From, Alias} -> Alias ! {from_other, self() =:= From} end end),
    B = alias([explicit_unalias]),
    Other ! {Other, B},
    Remote = drain(),
    true = unalias(B),
    BadOpt = (catch alias([bogus])),
    BadUnalias = (catch unalias(not_a_ref)),
    BadSend3 = (catch erlang:send(self(), x, [bogus])),
    {Got, Gone, Again, After, Dropped, Remote, element(1, BadOpt), element(1, BadUnalias), element(1, BadSend3), drain()}.

reply_alias() ->
    A = alias([reply]),
    A ! first,
    A ! second,
    {drain(), unalias(A)}.

monitor_alias() ->
    Pid = spawn(fun() -> receive {reply, To} -> To ! {answer, 42}, receive stop -> ok end end end),
    M = monitor(process, Pid, [{alias, demonitor}]),
    Pid ! {reply, M},
    Answer = receive {answer, V} -> V after 1000 -> timeout end,
    Pid ! stop,
    Down = receive {'DOWN', M, process, Pid, R} -> R after 1000 -> no_down end,
    M ! after_down,
    Late = drain(),
    Pid2 = spawn(fun() -> receive _ -> ok end end),
    M2 = monitor(process, Pid2, [{alias, demonitor}]),
    true = demonitor(M2, [flush]),
    M2 ! after_demonitor,
    M3 = monitor(process, Pid2, [{alias, explicit_unalias}]),
    Pid2 ! go,
    Down3 = receive {'DOWN', M3, process, _, R3} -> R3 after 1000 -> no_down end,
    M3 ! still_alias,
    Kept = drain(),
    Unaliased = unalias(M3),
    BadMonitor = (catch monitor(process, self(), [{alias, sometimes}])),
    {Answer, Down, Late, drain(), Down3, Kept, Unaliased, element(1, BadMonitor)}.

init(N) -> {ok, N}.
handle_call(get, _From, N) -> {reply, N, N};
handle_call({add, K}, _From, N) -> {reply, ok, N + K};
handle_call(slow, From, N) -> erlang:send_after(100, self(), {late, From}), {noreply, N}.
handle_cast({add, K}, N) -> {noreply, N + K}.
handle_info({late, From}, N) -> gen_server:reply(From, too_late), {noreply, N}.

gen_server_round() ->
    {ok, Pid} = gen_server:start(?MODULE, 10, []),
    ok = gen_server:call(Pid, {add, 5}),
    gen_server:cast(Pid, {add, 1}),
    V = gen_server:call(Pid, get),
    Timeout = (catch gen_server:call(Pid, slow, 20)),
    receive after 200 -> ok end,
    Stray = drain(),
    V2 = gen_server:call(Pid, get),
    Stop = gen_server:stop(Pid),
    {V, element(1, element(2, Timeout)), Stray, V2, Stop, is_process_alive(Pid)}.
