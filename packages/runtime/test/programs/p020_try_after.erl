-module(p020_try_after).
-export([main/0]).
%% try/after ordering with output, nested try, rethrow, catch inside loops.
step(N) ->
    try
        io:format("try ~w~n", [N]),
        if N rem 2 =:= 0 -> throw({even, N}); true -> N end
    catch throw:{even, M} -> io:format("caught ~w~n", [M]), -M
    after io:format("after ~w~n", [N])
    end.
nested() ->
    try
        try error(inner) after io:format("inner after~n") end
    catch error:inner -> outer_caught
    end.
main() -> {[step(N) || N <- [1, 2, 3, 4]], nested(), [catch throw(N) || N <- [a, b]]}.
