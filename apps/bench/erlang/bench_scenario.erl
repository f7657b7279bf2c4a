%% The coordinator: starts the workers, records an idle baseline, lets the loader hot-load
%% every module, then stops the workers and collects their samples. It returns plain data
%% (maps, lists, integers, atoms) so that any engine can hand it to the analysis unchanged.
-module(bench_scenario).
-export([run/1]).

%% Config keys:
%%   module         the hot-loaded module's name (its version/0 returns the load's version)
%%   initial        the binary loaded before the workers start (version 0)
%%   loads          [{Size, Version, Binary}] in load order, versions increasing
%%   workers        number of worker processes (each has its own echo process)
%%   work           compute steps per worker iteration, or {calibrate, Us}: the steps that
%%                  take at least Us microseconds on this engine (bench_worker:calibrate/1)
%%   long_bif       0, or the length of the list one extra process reverses with
%%                  lists:reverse/2 over and over (bench_long_bif), from before the baseline
%%   baseline_ms    idle time measured before the first load
%%   settle_ms      quiet time before each load
%%   visibility_timeout_ms  how long the loader waits for every worker to see a version
run(Config) ->
    #{module := Module, initial := Initial, loads := Loads, workers := WorkerCount,
      work := WorkSetting, baseline_ms := BaselineMs, settle_ms := SettleMs,
      visibility_timeout_ms := VisibilityTimeoutMs, long_bif := LongBifLength} = Config,
    Start = now_us(),
    Work = work_steps(WorkSetting),
    ok = load_initial(Module, Initial),
    Self = self(),
    LongBif = start_long_bif(LongBifLength),
    Workers = [bench_worker:start(Id, Work, Module, Self) || Id <- sequence(1, WorkerCount)],
    drain_seen(WorkerCount),
    BaselineStart = now_us(),
    pause(BaselineMs),
    BaselineEnd = now_us(),
    Loader = bench_loader:start(Self, Module, Loads, WorkerCount, SettleMs, VisibilityTimeoutMs),
    LoadResults = forward_seen(Loader),
    pause(SettleMs),
    Samples = collect(Workers),
    LongBifRounds = stop_long_bif(LongBif),
    End = now_us(),
    #{start => Start,
      'end' => End,
      schedulers => erlang:system_info(schedulers_online),
      work => Work,
      long_bif_rounds => LongBifRounds,
      baseline => #{start => BaselineStart, 'end' => BaselineEnd},
      loads => LoadResults,
      workers => Samples}.

start_long_bif(0) -> none;
start_long_bif(Length) -> bench_long_bif:start(Length).

stop_long_bif(none) -> 0;
stop_long_bif(Pid) ->
    Pid ! {stop, self()},
    receive {long_bif_rounds, Rounds} -> Rounds end.

work_steps({calibrate, TargetUs}) -> bench_worker:calibrate(TargetUs);
work_steps(Steps) when is_integer(Steps) -> Steps.

load_initial(Module, Binary) ->
    case erlang:module_loaded(Module) of
        true -> error({already_loaded, Module});
        false -> ok
    end,
    ok = erlang:finish_loading([erlang:prepare_loading(Module, Binary)]).

%% Each worker reports version 0 once it runs; the baseline starts after all of them do.
drain_seen(0) -> ok;
drain_seen(Remaining) ->
    receive {seen, _Id, 0, _Time} -> drain_seen(Remaining - 1) end.

%% The loader waits for the workers' {seen, ...} reports; they are sent to the coordinator
%% (the workers' only fixed contact), which relays them until the loader reports its results.
forward_seen(Loader) ->
    receive
        {seen, _, _, _} = Seen ->
            Loader ! Seen,
            forward_seen(Loader);
        {loads, Results} ->
            Results
    end.

collect(Workers) ->
    [collect_one(Worker) || Worker <- Workers].

collect_one(Worker) ->
    Worker ! {stop, self()},
    receive
        {samples, Id, Ends, Seen} ->
            #{id => Id, ends => Ends, seen => [[Version, Time] || {Version, Time} <- Seen]}
    end.

%% lists:seq/2 without the lists module: the workload uses only erlang BIFs (and
%% lists:reverse/2, which is one), so an engine needs no OTP library to run it.
sequence(From, To) when From > To -> [];
sequence(From, To) -> [From | sequence(From + 1, To)].

pause(Ms) ->
    receive after Ms -> ok end.

now_us() ->
    erlang:monotonic_time(microsecond).
