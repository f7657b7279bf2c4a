%% A workload worker: compute, then a round trip to its own echo process, then a fully
%% qualified call to the hot-loaded module, every iteration. It records the monotonic time
%% at the end of every iteration: the gaps between consecutive times are what a loading
%% strategy disturbs (a stopped world, a busy scheduler, a slow call into new code).
-module(bench_worker).
-export([start/4, init/5, echo/0, calibrate/1]).

%% Coordinator is told {seen, Id, Version, Time} when this worker first runs a new version.
start(Id, Work, Module, Coordinator) ->
    spawn(?MODULE, init, [Id, Work, Module, Coordinator, erlang:monotonic_time(microsecond)]).

init(Id, Work, Module, Coordinator, _Spawned) ->
    Echo = spawn(?MODULE, echo, []),
    Version = Module:version(),
    Now = erlang:monotonic_time(microsecond),
    Coordinator ! {seen, Id, Version, Now},
    loop(Id, Work, Module, Coordinator, Echo, Version, [Now], [{Version, Now}]).

loop(Id, Work, Module, Coordinator, Echo, Version, Ends, Seen) ->
    Sum = compute(Work, 0),
    Echo ! {self(), Sum},
    receive
        {echoed, Sum} -> ok
    end,
    Current = Module:version(),
    Now = erlang:monotonic_time(microsecond),
    {NextVersion, NextSeen} =
        case Current of
            Version ->
                {Version, Seen};
            _ ->
                Coordinator ! {seen, Id, Current, Now},
                {Current, [{Current, Now} | Seen]}
        end,
    receive
        {stop, From} ->
            Echo ! stop,
            From ! {samples, Id, lists:reverse([Now | Ends], []), lists:reverse(NextSeen, [])}
    after 0 ->
        loop(Id, Work, Module, Coordinator, Echo, NextVersion, [Now | Ends], NextSeen)
    end.

%% The compute steps that take about TargetUs on this engine: engines differ in speed by
%% orders of magnitude, and a worker's iteration must be short next to the stalls measured.
%% A warm-up first, then measurements of at least ?CALIBRATION_SPAN iterations' worth
%% scaled down: on an engine that compiles as it runs, the first short runs are slow, and
%% searching for the first count that takes TargetUs stopped at 16 steps on our runtime,
%% a tenth of the work intended (so ten times the iterations, and the samples kept).
-define(CALIBRATION_SPAN, 20).
-define(WARM_UP_STEPS, 100000).

calibrate(TargetUs) ->
    _ = time_compute(?WARM_UP_STEPS),
    %% The warmest of three: the engine may still be compiling during the first.
    max(max(calibrate(TargetUs, 16), calibrate(TargetUs, 16)), calibrate(TargetUs, 16)).

%% The faster of two runs counts, so that a preemption does not shorten the result.
calibrate(TargetUs, Steps) ->
    Elapsed = min(time_compute(Steps), time_compute(Steps)),
    case Elapsed >= ?CALIBRATION_SPAN * TargetUs of
        true -> max(1, Steps * TargetUs div Elapsed);
        false -> calibrate(TargetUs, Steps * 2)
    end.

time_compute(Steps) ->
    Start = erlang:monotonic_time(microsecond),
    compute(Steps, 0),
    erlang:monotonic_time(microsecond) - Start.

%% Plain arithmetic with a result that depends on every step, so no compiler can drop it.
compute(0, Accumulator) ->
    Accumulator;
compute(N, Accumulator) ->
    compute(N - 1, (Accumulator * 31 + N) band 16#FFFFFF).

echo() ->
    receive
        {From, Value} ->
            From ! {echoed, Value},
            echo();
        stop ->
            ok
    end.
