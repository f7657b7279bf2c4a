-module(q015_exception_cleanup).
-export([main/0]).
%% try ... after for cleanup on every path: normal return, throw, error, and nested returns.
with(Fun) ->
    put(log, []),
    R = try Fun() after put(log, [cleaned | get(log)]) end,
    {R, get(log)}.
main() ->
    {with(fun() -> ok end),
     catch with(fun() -> throw(t) end), get(log),
     try with(fun() -> error(e) end) catch error:e -> {caught, get(log)} end}.
