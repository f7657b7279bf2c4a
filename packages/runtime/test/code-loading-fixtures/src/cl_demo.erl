%% Code loading as ERTS does it, run on erl and on beamload with the same code path:
%% this directory holds cl_demo and the loadable modules' .beam files are passed in as
%% binaries, while lib/ (on the code path only) holds modules loaded on demand.
-module(cl_demo).
-export([prepare_facts/2, finish_refusals/2, load_module_on_load/1, on_load/1,
         on_load_over_old/3, undef_on_demand/0, undef_missing/0, undef_unexported/0,
         concurrent_on_demand/0, prepared_orphan/1, prepare_and_wait/1,
         lambda_after_purge/1, lambda_from_etf/0]).

%% The reason of a caught exception, without its stack trace (erl_eval's frames differ).
tag({'EXIT', {Reason, _Stack}}) -> {'EXIT', Reason};
tag(Other) -> Other.

prepare_facts(Bin, Junk) ->
    P = erlang:prepare_loading(cl_mod, Bin),
    Facts = [is_reference(P),
             erlang:has_prepared_code_on_load(P),
             erlang:prepare_loading(cl_mod, Junk),
             erlang:prepare_loading(cl_other, Bin),
             tag(catch erlang:prepare_loading("cl_mod", Bin)),
             tag(catch erlang:prepare_loading(cl_mod, not_a_binary)),
             erlang:module_loaded(cl_mod)],
    Finished = erlang:finish_loading([P]),
    Again = tag(catch erlang:finish_loading([P])),
    NotPrepared = tag(catch erlang:finish_loading([make_ref()])),
    NotAList = tag(catch erlang:finish_loading(foo)),
    {Facts, Finished, Again, NotPrepared, NotAList, erlang:finish_loading([]), cl_mod:v()}.

finish_refusals(V1, V2) ->
    {module, cl_mod} = erlang:load_module(cl_mod, V1),
    {module, cl_mod} = erlang:load_module(cl_mod, V1),
    P = erlang:prepare_loading(cl_mod, V2),
    NotPurged = erlang:finish_loading([P]),
    StillUsable = erlang:finish_loading([P]),
    true = erlang:purge_module(cl_mod),
    Ok = erlang:finish_loading([P]),
    Version = cl_mod:v(),
    true = erlang:purge_module(cl_mod),
    P2 = erlang:prepare_loading(cl_mod, V1),
    Duplicated = erlang:finish_loading([P2, P2]),
    Ok2 = erlang:finish_loading([P2]),
    {NotPurged, StillUsable, Ok, Version, Duplicated, Ok2, cl_mod:v()}.

%% erlang:load_module/2 refuses a module with -on_load; finish_loading/1 answers on_load.
load_module_on_load(Bin) ->
    Loaded = erlang:load_module(cl_onload_ok, Bin),
    P = erlang:prepare_loading(cl_onload_ok, Bin),
    OnLoad = erlang:has_prepared_code_on_load(P),
    Finished = erlang:finish_loading([P]),
    Consumed = tag(catch erlang:finish_loading([P])),
    {Loaded, OnLoad, Finished, Consumed, erlang:module_loaded(cl_onload_ok)}.

%% code:load_binary/3 runs the on_load function: ok, {error, _}, a raise, one that loads
%% another module on demand.
on_load(Bins) ->
    [begin
         Result = code:load_binary(Module, atom_to_list(Module) ++ ".beam", Bin),
         {Module, Result, erlang:module_loaded(Module), tag(catch Module:v())}
     end || {Module, Bin} <- Bins].

%% A new version whose on_load fails leaves the old one current; one that succeeds replaces it.
on_load_over_old(V1, V2, V3) ->
    R1 = code:load_binary(cl_onload_ver, "cl_onload_ver.beam", V1),
    A = cl_onload_ver:v(),
    R2 = code:load_binary(cl_onload_ver, "cl_onload_ver.beam", V2),
    B = cl_onload_ver:v(),
    R3 = code:load_binary(cl_onload_ver, "cl_onload_ver.beam", V3),
    C = cl_onload_ver:v(),
    {R1, A, R2, B, R3, C, erlang:check_old_code(cl_onload_ver)}.

%% Modules only on the code path are loaded when first called: a remote call, an apply,
%% an export fun.
undef_on_demand() ->
    Before = [erlang:module_loaded(M) || M <- [cl_lib, cl_lib_apply, cl_lib_fun]],
    Exported = erlang:function_exported(cl_lib, value, 0),
    Direct = cl_lib:value(),
    Applied = apply(cl_lib_apply, value, [3]),
    Fun = fun cl_lib_fun:value/1,
    Called = Fun(4),
    After = [erlang:module_loaded(M) || M <- [cl_lib, cl_lib_apply, cl_lib_fun]],
    {Before, Exported, Direct, Applied, Called, After, erlang:function_exported(cl_lib, value, 0)}.

%% A module that is nowhere: error:undef, naming the call, then the caller's frame.
undef_missing() ->
    {'EXIT', {undef, [Top, Caller | _]}} = (catch cl_nowhere:missing(1, two)),
    {'EXIT', {undef, [ApplyTop | _]}} = (catch apply(cl_nowhere, missing, [])),
    {Top, Caller, ApplyTop, erlang:module_loaded(cl_nowhere)}.

%% A loaded module without the function: undef, and nothing is loaded.
undef_unexported() ->
    cl_lib:value(),
    {'EXIT', {undef, [Top, Caller | _]}} = (catch cl_lib:hidden(7)),
    {Top, Caller}.

%% Two processes call a module that is not loaded at the same time: it is loaded once
%% (its on_load tells cl_counter each time it runs).
concurrent_on_demand() ->
    register(cl_counter, self()),
    Self = self(),
    Pids = [spawn(fun() -> Self ! {self(), cl_once:value()} end) || _ <- [1, 2, 3]],
    Values = [receive {Pid, Value} -> Value end || Pid <- Pids],
    unregister(cl_counter),
    {Values, count_loads(0)}.

count_loads(N) ->
    receive {loaded, _} -> count_loads(N + 1) after 200 -> N end.

%% A process prepares a module and exits without finishing it.
prepared_orphan(Bin) ->
    Self = self(),
    {Pid, Ref} = spawn_monitor(fun() -> Self ! {prepared, is_reference(erlang:prepare_loading(cl_mod, Bin))} end),
    receive {'DOWN', Ref, process, Pid, Reason} -> Reason end,
    receive {prepared, Prepared} -> Prepared end.

%% Prepares a module and waits forever (until the runtime stops).
prepare_and_wait(Bin) ->
    P = erlang:prepare_loading(cl_mod, Bin),
    receive never -> P end.

%% Calling a fun whose code is gone, as ERTS does it: while the code is old (replaced,
%% not purged) the fun still runs it; once purged, a fun the current code does not have
%% raises badfun; when the module is not loaded at all, error_handler:undefined_lambda/3
%% loads it from the code path (lib/: version 1) and calls the fun again, which works
%% when the loaded code has that fun (same index and uniq) and raises badfun otherwise.
lambda_after_purge(V2) ->
    F = cl_lam:f(),
    R1 = F(1),
    {module, cl_lam} = erlang:load_module(cl_lam, V2),
    R2 = F(2),
    true = erlang:purge_module(cl_lam),
    R3 = badfun_tag(catch F(3)),
    G = cl_lam:adder(10),
    R4 = G(4),
    true = erlang:delete_module(cl_lam),
    R5 = G(5),
    true = erlang:purge_module(cl_lam),
    Loaded1 = erlang:module_loaded(cl_lam),
    R6 = badfun_tag(catch G(6)),
    Loaded2 = erlang:module_loaded(cl_lam),
    R7 = F(7),
    H = cl_lam:adder(100),
    true = erlang:delete_module(cl_lam),
    true = erlang:purge_module(cl_lam),
    R8 = H(8),
    {[R1, R2, R3, R4, R5, R6, R7, R8], Loaded1, Loaded2}.

%% A fun decoded from the external term format calls the loaded code it names.
lambda_from_etf() ->
    F = binary_to_term(term_to_binary(cl_lam:adder(5))),
    G = binary_to_term(term_to_binary(cl_lam:f())),
    {F(1), G(2), erlang:fun_info(F, arity), erlang:fun_info(F, module), erlang:fun_info(F, env)}.

badfun_tag({'EXIT', {{badfun, F}, _Stack}}) when is_function(F) -> badfun;
badfun_tag(Other) -> Other.
