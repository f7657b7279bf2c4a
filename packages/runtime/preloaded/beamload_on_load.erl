%% Preloaded by the runtime: the continuation of a process running a module's on_load
%% function (system/on-load-run.ts starts the process at the on_load function with its
%% continuation pointer here), so the function's return value arrives as Result.
%% beamload_code:on_load_returned/1 reports it to the loading process and ends this one.
-module(beamload_on_load).
-export([returned/1]).

returned(Result) ->
    beamload_code:on_load_returned(Result).
