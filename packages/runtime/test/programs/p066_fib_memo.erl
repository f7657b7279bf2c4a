-module(p066_fib_memo).
-export([main/0]).
%% Memoised Fibonacci with a map threaded through, big results.
fib(N, Memo) when N < 2 -> {N, Memo};
fib(N, Memo) ->
    case Memo of
        #{N := V} -> {V, Memo};
        _ -> {A, M1} = fib(N - 1, Memo), {B, M2} = fib(N - 2, M1), V = A + B, {V, M2#{N => V}}
    end.
main() -> {F, M} = fib(300, #{}), {F, map_size(M)}.
