%% The generational collector (generational-gc.test.ts): data kept across many minor
%% collections, refc binaries promoted and released, literals held in the old generation
%% while their module is purged, process_info heap sizes. Results that do not depend on
%% the collector's sizes are compared with erl.
-module(gen_gc).
-export([old_generation/2, fresh_heap_sizes/0, big_heap_sizes/1,
         start_holder/0, holder_command/1, hold_literal/4]).

%% Keeps a list of Keep tuples (each holding a string) while the process allocates and
%% drops garbage for at least Minors minor collections, then checks every element.
old_generation(Keep, Minors) ->
    Kept = [{I, integer_to_list(I)} || I <- lists:seq(1, Keep)],
    Seen = churn_collections(Minors),
    Intact = lists:all(fun({I, S}) -> S =:= integer_to_list(I) end, Kept),
    {heap_size, Young} = process_info(self(), heap_size),
    {total_heap_size, Total} = process_info(self(), total_heap_size),
    {Seen >= Minors, Intact, length(Kept), lists:sum([I || {I, _} <- Kept]), Total >= Young}.

%% Allocates short-lived lists until the collection count changed N times.
churn_collections(N) -> churn_collections(N, minor_gcs(), 0).
churn_collections(N, _, Seen) when Seen >= N -> Seen;
churn_collections(N, Last, Seen) ->
    _ = lists:reverse(lists:seq(1, 100)),
    case minor_gcs() of
        Last -> churn_collections(N, Last, Seen);
        Now -> churn_collections(N, Now, Seen + 1)
    end.

minor_gcs() ->
    {garbage_collection, Info} = process_info(self(), garbage_collection),
    {minor_gcs, Count} = lists:keyfind(minor_gcs, 1, Info),
    Count.

%% A fresh process's heap sizes (both runtimes start at min_heap_size, 233 words).
fresh_heap_sizes() ->
    Self = self(),
    Pid = spawn(fun() -> receive go -> Self ! {self(), heap_sizes()} end end),
    Pid ! go,
    receive {Pid, Info} -> Info end.

heap_sizes() ->
    {heap_size, Young} = process_info(self(), heap_size),
    {total_heap_size, Total} = process_info(self(), total_heap_size),
    {Young, Total}.

%% Heap sizes of a process holding a list of N small integers (2N words) after a major
%% collection, then after more minor collections (the data promoted).
big_heap_sizes(N) ->
    Kept = lists:seq(1, N),
    true = erlang:garbage_collect(),
    {heap_size, Young} = process_info(self(), heap_size),
    {total_heap_size, Total} = process_info(self(), total_heap_size),
    churn_collections(3),
    {heap_size, Young2} = process_info(self(), heap_size),
    {total_heap_size, Total2} = process_info(self(), total_heap_size),
    {length(Kept), Young, Total, Young2, Total2}.

%% A registered process the test drives with holder_command/1, one step at a time:
%% {make, Bytes} (a refc binary kept in its state), {take, Binary} (one that came in the
%% message), drop, minor (one minor collection), churn (four),
%% gc (erlang:garbage_collect/0), sizes, stop.
start_holder() ->
    Self = self(),
    Pid = spawn(fun() -> register(gen_gc_holder, self()), Self ! {self(), ready}, holder([]) end),
    receive {Pid, ready} -> ok end.

holder(Binaries) ->
    receive
        {From, {make, Bytes}} -> Bin = binary:copy(<<7>>, Bytes), From ! {gen_gc_holder, ok}, holder([Bin | Binaries]);
        {From, {take, Bin}} -> From ! {gen_gc_holder, ok}, holder([Bin | Binaries]);
        {From, drop} -> From ! {gen_gc_holder, ok}, holder([]);
        {From, minor} -> Seen = churn_collections(1), From ! {gen_gc_holder, Seen}, holder(Binaries);
        {From, churn} -> Seen = churn_collections(4), From ! {gen_gc_holder, Seen}, holder(Binaries);
        {From, gc} -> true = erlang:garbage_collect(), From ! {gen_gc_holder, ok}, holder(Binaries);
        {From, sizes} ->
            {Young, Total} = heap_sizes(),
            From ! {gen_gc_holder, {Young, Total, [byte_size(B) || B <- Binaries]}},
            holder(Binaries);
        {From, stop} -> From ! {gen_gc_holder, ok}
    end.

holder_command(Command) ->
    gen_gc_holder ! {self(), Command},
    receive {gen_gc_holder, Reply} -> Reply end.

%% A process keeps Module:lit(1) (a literal of Module's current code) inside a tuple built
%% on its heap, through minor collections that promote the tuple to the old generation.
%% Then new code for Module is loaded from NewCode (a binary) and the old code purged,
%% which makes the process copy the literals it uses out of the old code (copy-literals).
%% Loads of Fillers (same-sized literal modules) reuse the freed memory. Answers whether
%% the kept term still equals Expected, and the promotion count seen.
hold_literal(Module, Expected, NewCode, Fillers) ->
    Self = self(),
    Pid = spawn(fun() ->
        Held = {held, Module:lit(1)},
        Seen = churn_collections(4),
        Self ! {self(), promoted, Seen},
        receive check -> ok end,
        churn_collections(2),
        {held, Value} = Held,
        Self ! {self(), Value =:= Expected}
    end),
    Seen = receive {Pid, promoted, S} -> S end,
    {module, Module} = code:load_binary(Module, "gen_gc_new.beam", NewCode),
    true = erlang:purge_module(Module),
    [begin
         {module, Filler} = code:load_binary(Filler, "filler.beam", FillerCode),
         Filler:lit(1)
     end || {Filler, FillerCode} <- Fillers],
    Pid ! check,
    Same = receive {Pid, Answer} -> Answer end,
    {Seen >= 4, Same}.
