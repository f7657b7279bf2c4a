%% The loading process: hot-loads each prepared binary in turn with
%% erlang:prepare_loading/2 + erlang:finish_loading/1 and times its own steps. After each
%% load it waits until every worker has reported running the new version, so that the
%% next load never overlaps the previous one's visibility window.
-module(bench_loader).
-export([run/5]).

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
      outcome => outcome(Outcome),
      seen => Seen}.

%% Old code must be gone before a new version can be loaded (at most two versions live).
%% The workers only pass through Module:version/0, so a soft purge succeeds once they
%% have left the old code; retry briefly rather than kill anyone.
purge_old(Module) ->
    case erlang:check_old_code(Module) of
        false -> ok;
        true -> soft_purge(Module, 1000)
    end.

soft_purge(Module, 0) ->
    error({cannot_purge, Module});
soft_purge(Module, Attempts) ->
    case code:soft_purge(Module) of
        true -> ok;
        false -> pause(1), soft_purge(Module, Attempts - 1)
    end.

await_seen(_Version, 0, _Deadline, Seen) ->
    lists:reverse(Seen);
await_seen(Version, Remaining, Deadline, Seen) ->
    Wait = max(0, (Deadline - now_us()) div 1000),
    receive
        {seen, Id, Version, Time} ->
            await_seen(Version, Remaining - 1, Deadline, [{Id, Time} | Seen]);
        {seen, _Id, _Older, _Time} ->
            await_seen(Version, Remaining, Deadline, Seen)
    after Wait ->
        lists:reverse(Seen)
    end.

outcome(ok) -> ok;
outcome({error, Reason}) -> Reason;
outcome({Reason, _Modules}) -> Reason.

pause(Ms) ->
    receive after Ms -> ok end.

now_us() ->
    erlang:monotonic_time(microsecond).
