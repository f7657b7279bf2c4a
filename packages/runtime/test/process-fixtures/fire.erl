%% Invariants under fire (issue 6): watchers call fire_a:version() and fire_b:version()
%% (fully qualified) in loops while this process reloads the pair atomically, purging the
%% old code before each load. A watcher reports if a version ever goes back or if it sees
%% half of an atomic pair (a new fire_a with an old fire_b).
-module(fire).
-export([run/2]).

%% Pairs: [{BinA, BinB}] with increasing versions. Returns {Loads, Calls, Errors}.
run(Pairs, Workers) ->
    %% The loader gets its turn before the busy watchers (a release handler would too).
    process_flag(priority, high),
    Self = self(),
    Watchers = [spawn_monitor(fun() -> watch(Self, 0, 0, 0) end) || _ <- lists:seq(1, Workers)],
    Loads = load_all(Pairs, 0),
    [Pid ! stop || {Pid, _} <- Watchers],
    Results = [receive
                   {Pid, Result} -> erlang:demonitor(Ref, [flush]), Result;
                   {'DOWN', Ref, process, Pid, Reason} -> {error, {watcher_died, Reason}}
               end || {Pid, Ref} <- Watchers],
    %% Nobody runs the modules any more: purge the last old code too.
    purge(fire_a),
    purge(fire_b),
    {Loads, lists:sum([Calls || {ok, Calls} <- Results]), [Error || {error, _} = Error <- Results]}.

load_all([], Loads) ->
    Loads;
load_all([{BinA, BinB} | Rest], Loads) ->
    purge(fire_a),
    purge(fire_b),
    PreparedA = erlang:prepare_loading(fire_a, BinA),
    PreparedB = erlang:prepare_loading(fire_b, BinB),
    ok = erlang:finish_loading([PreparedA, PreparedB]),
    load_all(Rest, Loads + 1).

%% Waits until no process runs the old code (the watchers pass through version/0 only),
%% then purges it.
purge(Module) ->
    case erlang:check_old_code(Module) of
        false -> ok;
        true -> await_no_users(Module, 10000), true = erlang:purge_module(Module), ok
    end.

await_no_users(Module, 0) ->
    error({old_code_still_used, Module});
await_no_users(Module, Attempts) ->
    case [P || P <- erlang:processes(), P =/= self(), erlang:check_process_code(P, Module)] of
        [] -> ok;
        _ -> receive after 0 -> ok end, await_no_users(Module, Attempts - 1)
    end.

watch(Parent, LastA, LastB, Calls) ->
    receive
        stop -> Parent ! {self(), {ok, Calls}}
    after 0 ->
        A = fire_a:version(),
        B = fire_b:version(),
        if
            A < LastA; B < LastB -> Parent ! {self(), {error, {went_back, LastA, LastB, A, B}}};
            B < A -> Parent ! {self(), {error, {half_pair, A, B}}};
            true -> watch(Parent, A, B, Calls + 1)
        end
    end.
