%% The loading process: hot-loads each prepared binary in turn with
%% erlang:prepare_loading/2 + erlang:finish_loading/1 and times its own steps. After each
%% load it waits until every worker has reported running the new version, so that the
%% next load never overlaps the previous one's visibility window.
-module(bench_loader).
-export([start/6, report_to/6, run/5]).

%% Runs the loads in a new process and sends {loads, Results} to ReportTo. spawn/3 rather
%% than a fun, so that an engine needs no closures to run the bench.
start(ReportTo, Module, Loads, WorkerCount, SettleMs, VisibilityTimeoutMs) ->
    spawn(?MODULE, report_to, [ReportTo, Module, Loads, WorkerCount, SettleMs, VisibilityTimeoutMs]).

report_to(ReportTo, Module, Loads, WorkerCount, SettleMs, VisibilityTimeoutMs) ->
    ReportTo ! {loads, run(Module, Loads, WorkerCount, SettleMs, VisibilityTimeoutMs)}.

%% Loads: [{Size, Version, Binary}]. Returns one map per load, times in microseconds.
run(Module, Loads, WorkerCount, SettleMs, VisibilityTimeoutMs) ->
    [load_one(Module, Load, WorkerCount, SettleMs, VisibilityTimeoutMs) || Load <- Loads].

load_one(Module, {Size, Version, Binary}, WorkerCount, SettleMs, VisibilityTimeoutMs) ->
    pause(SettleMs),
    PurgeStart = now_us(),
    purge_old(Module),
    PrepareStart = now_us(),
    Prepared = erlang:prepare_loading(Module, Binary),
    PrepareEnd = now_us(),
    Outcome = erlang:finish_loading([Prepared]),
    FinishEnd = now_us(),
    Seen = await_seen(Version, WorkerCount, now_us() + VisibilityTimeoutMs * 1000, []),
    #{size => Size,
      version => Version,
      purge_start => PurgeStart,
      prepare_start => PrepareStart,
      prepare_end => PrepareEnd,
      finish_end => FinishEnd,
      %% ERTS's prepare_loading does the work and returns a magic reference; an engine
      %% that returns something else may defer the work to finish_loading (the analysis
      %% then does not report a prepare time).
      prepared_is_reference => is_reference(Prepared),
      outcome => outcome(Outcome),
      seen => Seen}.

%% Old code must be gone before a new version can be loaded (at most two versions live).
%% A soft purge made of erlang BIFs only (no code server, so that any engine can run it):
%% wait until no process runs the old code, then purge it. The workers only pass through
%% Module:version/0, and after the load no call can enter the old code again.
purge_old(Module) ->
    case erlang:check_old_code(Module) of
        false ->
            ok;
        true ->
            await_no_old_code_users(Module, 1000),
            true = erlang:purge_module(Module),
            ok
    end.

await_no_old_code_users(Module, 0) ->
    error({cannot_purge, Module});
await_no_old_code_users(Module, Attempts) ->
    case [Pid || Pid <- erlang:processes(), erlang:check_process_code(Pid, Module)] of
        [] -> ok;
        _Users -> pause(1), await_no_old_code_users(Module, Attempts - 1)
    end.

await_seen(_Version, 0, _Deadline, Seen) ->
    lists:reverse(Seen, []);
await_seen(Version, Remaining, Deadline, Seen) ->
    Wait = max(0, (Deadline - now_us()) div 1000),
    receive
        {seen, Id, Version, Time} ->
            await_seen(Version, Remaining - 1, Deadline, [{Id, Time} | Seen]);
        {seen, _Id, _Older, _Time} ->
            await_seen(Version, Remaining, Deadline, Seen)
    after Wait ->
        lists:reverse(Seen, [])
    end.

outcome(ok) -> ok;
outcome({error, Reason}) -> Reason;
outcome({Reason, _Modules}) -> Reason.

pause(Ms) ->
    receive after Ms -> ok end.

now_us() ->
    erlang:monotonic_time(microsecond).
