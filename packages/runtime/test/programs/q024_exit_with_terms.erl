-module(q024_exit_with_terms).
-export([main/0]).
%% Exit reasons that are complex terms travel intact through monitors.
main() ->
    Reasons = [{shutdown, {deep, [1, 2]}}, <<"binary reason">>, #{why => map}, 1.5],
    [begin {P, R} = spawn_monitor(fun() -> exit(Reason) end), receive {'DOWN', R, process, P, Got} -> Got end end || Reason <- Reasons].
