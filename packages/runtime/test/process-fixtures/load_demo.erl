%% Hot code loading through the code-loading BIFs, whatever strategy the runtime uses.
-module(load_demo).
-export([reload/1, atomic/1, purge_cycle/1]).

%% Loads Bin as hot (version 2) while a looping process calls hot:version/0.
reload(Bin) ->
    Self = self(),
    Caller = spawn(fun() -> loop(Self, 0, []) end),
    V1 = hot:version(),
    {module, hot} = erlang:load_module(hot, Bin),
    V2 = hot:version(),
    Caller ! {stop, self()},
    Seen = receive {seen, S} -> S end,
    {V1, V2, erlang:check_old_code(hot), lists:usort(Seen) -- [1, 2]}.

loop(Parent, N, Seen) ->
    receive {stop, From} -> From ! {seen, Seen}
    after 0 -> loop(Parent, N + 1, [hot:version() | lists:sublist(Seen, 100)])
    end.

%% Purges reload/1's old code, then prepare_loading + finish_loading, then purges again.
atomic(Bin) ->
    true = erlang:purge_module(hot),
    Prepared = erlang:prepare_loading(hot, Bin),
    ok = erlang:finish_loading([Prepared]),
    Old = erlang:check_old_code(hot),
    true = erlang:purge_module(hot),
    {Old, erlang:check_old_code(hot), erlang:module_loaded(hot), hot:version()}.

%% Loads twice without purging: the second is refused with not_purged.
purge_cycle(Bin) ->
    {module, hot} = erlang:load_module(hot, Bin),
    Second = erlang:load_module(hot, Bin),
    true = erlang:purge_module(hot),
    Third = erlang:load_module(hot, Bin),
    {Second, Third}.
