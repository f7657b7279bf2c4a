%% beamload's own error_handler, preloaded by the runtime. The interpreter calls
%% undefined_function/3 when a call goes through an export entry that has no code and
%% whose module is not loaded (as ERTS does): ask the code server (code:ensure_loaded/1,
%% a runtime BIF that loads Module from the runtime's code path through the configured
%% loading strategy), then retry the call; if the function is still not there, raise
%% error:undef with the stack trace ERTS gives: [{Module, Function, Args, []} | caller's].
%% undefined_lambda/3 likewise for a fun whose module is not loaded: load it, then call
%% the fun again (the interpreter raises badfun if the loaded code lacks the fun: it
%% does not come back here while the module is loaded).
-module(error_handler).
-export([undefined_function/3, undefined_lambda/3]).

undefined_function(Module, Function, Args) ->
    case code:ensure_loaded(Module) of
        {module, Module} ->
            case erlang:function_exported(Module, Function, length(Args)) of
                true -> erlang:apply(Module, Function, Args);
                false -> crash(Module, Function, Args)
            end;
        _ ->
            crash(Module, Function, Args)
    end.

undefined_lambda(Module, Fun, Args) ->
    case code:ensure_loaded(Module) of
        {module, Module} -> erlang:apply(Fun, Args);
        _ -> crash_lambda(Fun, Args)
    end.

crash_lambda(Fun, Args) ->
    try
        erlang:error(undef)
    catch
        error:undef:Stack -> erlang:raise(error, undef, [{Fun, Args} | tl(Stack)])
    end.

%% Tail-called, so that the only frame of ours on the stack is this one: drop it.
crash(Module, Function, Args) ->
    try
        erlang:error(undef)
    catch
        error:undef:Stack -> erlang:raise(error, undef, [{Module, Function, Args, []} | tl(Stack)])
    end.
