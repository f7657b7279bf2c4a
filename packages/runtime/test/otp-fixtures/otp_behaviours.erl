%% OTP's own supervisor, proc_lib, logger calls, persistent_term and stdlib's io_lib, run
%% on erl and on beamload (test/otp-behaviours.test.ts compares what each prints, with
%% timestamps, pids and memory sizes masked).
-module(otp_behaviours).
-behaviour(supervisor).
-export([init/1, worker_start/0, worker_loop/0,
         supervised/0, terms/0, formatted/0, logged/0, crashed/0]).

init([]) ->
    {ok, {#{strategy => one_for_one, intensity => 5, period => 10},
          [#{id => w, start => {?MODULE, worker_start, []}}]}}.

worker_start() ->
    Pid = spawn_link(?MODULE, worker_loop, []),
    register(otp_behaviours_worker, Pid),
    {ok, Pid}.

worker_loop() ->
    receive
        {ping, From} -> From ! pong, worker_loop();
        crash -> exit(crashed)
    end.

%% A supervisor restarts its crashed child (its SUPERVISOR REPORT is printed).
supervised() ->
    process_flag(trap_exit, true),
    {ok, Sup} = supervisor:start_link(?MODULE, []),
    otp_behaviours_worker ! {ping, self()},
    Pong = receive pong -> pong after 1000 -> none end,
    First = whereis(otp_behaviours_worker),
    otp_behaviours_worker ! crash,
    receive after 200 -> ok end,
    Second = whereis(otp_behaviours_worker),
    Restarted = is_pid(Second) andalso Second =/= First,
    Children = [{Id, Type} || {Id, _, Type, _} <- supervisor:which_children(Sup)],
    Counts = supervisor:count_children(Sup),
    ok = supervisor:terminate_child(Sup, w),
    Stopped = whereis(otp_behaviours_worker),
    {ok, _} = supervisor:restart_child(Sup, w),
    exit(Sup, shutdown),
    Down = receive {'EXIT', Sup, Reason} -> Reason after 1000 -> none end,
    {Pong, Restarted, Children, Counts, Stopped, Down}.

terms() ->
    Missing = persistent_term:get({?MODULE, k}, default),
    ok = persistent_term:put({?MODULE, k}, #{list => [1, 2, 3], bin => <<"abc">>}),
    Stored = persistent_term:get({?MODULE, k}),
    ok = persistent_term:put({?MODULE, k}, replaced),
    Replaced = persistent_term:get({?MODULE, k}),
    Self = self(),
    spawn(fun() -> Self ! {seen, persistent_term:get({?MODULE, k})} end),
    Seen = receive {seen, V} -> V after 1000 -> none end,
    Erased = persistent_term:erase({?MODULE, k}),
    Again = persistent_term:erase({?MODULE, k}),
    Gone = (catch persistent_term:get({?MODULE, k})),
    {Missing, Stored, Replaced, Seen, Erased, Again, element(1, element(2, Gone))}.

formatted() ->
    Text = lists:flatten(io_lib:format("~p ~w ~s ~tp~n", [{a, "b", [1, 2]}, 'A b', "x", [{k, <<"v">>}]])),
    Wide = lists:flatten(io_lib:format("~p", [lists:seq(1, 40)])),
    {Text, Wide, init:get_argument(no_such_flag), is_list(os:getenv()), os:getenv("BEAMLOAD_NO_SUCH_VARIABLE", unset)}.

logged() ->
    logger:error("plain ~p", [x]),
    logger:warning("warn ~p", [y]),
    logger:notice("note"),
    logger:info("info is below the primary level"),
    logger:error(#{a => 1, b => "two"}),
    error_logger:error_msg("old style ~w~n", [z]),
    % erl's handler prints asynchronously: give it time before the caller halts.
    receive after 200 -> ok end,
    done.

crashed() ->
    proc_lib:spawn(fun() -> exit(die) end),
    % The report is written by the crashing process on its way out (on erl by the logger,
    % asynchronously; here the first one loads io_lib and its helpers on demand).
    receive after 1000 -> ok end,
    done.
