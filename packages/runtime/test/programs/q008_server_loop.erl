-module(q008_server_loop).
-export([main/0]).
%% A gen_server-like loop by hand: calls with references, casts, state, stop.
start(State) -> spawn(fun() -> loop(State) end).
call(P, Msg) -> R = make_ref(), P ! {call, self(), R, Msg}, receive {R, Reply} -> Reply after 1000 -> timeout end.
cast(P, Msg) -> P ! {cast, Msg}, ok.
loop(State) ->
    receive
        {call, From, R, get} -> From ! {R, State}, loop(State);
        {call, From, R, {add, N}} -> From ! {R, ok}, loop(State + N);
        {cast, {mul, N}} -> loop(State * N);
        {call, From, R, stop} -> From ! {R, stopped}
    end.
main() ->
    P = start(1),
    ok = cast(P, {mul, 10}),
    ok = call(P, {add, 5}),
    V = call(P, get),
    S = call(P, stop),
    {V, S, call(P, get)}.
