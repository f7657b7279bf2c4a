-module(p048_catch_values).
-export([main/0]).
%% The old catch: values for normal returns, throws, errors (with stack) and exits.
main() ->
    A = catch 42,
    B = catch throw({t, 1}),
    {'EXIT', {C, [_ | _]}} = catch error(e1),
    D = catch exit(e2),
    E = [catch X || X <- [1, a]],
    {A, B, C, D, E}.
