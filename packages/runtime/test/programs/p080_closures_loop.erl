-module(p080_closures_loop).
-export([main/0]).
%% Many closures created in loops (GC pressure on funs with environments).
make(N) -> [fun(X) -> X + I end || I <- lists:seq(1, N)].
main() ->
    Fs = make(500),
    {lists:sum([F(1) || F <- Fs]), length(Fs), (lists:nth(250, Fs))(0),
     lists:foldl(fun(F, Acc) -> F(Acc) rem 1000 end, 0, Fs)}.
