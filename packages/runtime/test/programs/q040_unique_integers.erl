-module(q040_unique_integers).
-export([main/0]).
%% erlang:unique_integer/0,1 drawn by several processes at once (on several schedulers
%% in the runtime): all distinct, each process's monotonic ones increasing, positive ones
%% above zero, and badarg for unknown options. (Only integers of one kind are unique
%% among themselves: ERTS draws monotonic and plain ones from different sequences.)
t(F) -> try F() catch error:E -> {caught, E} end.
main() ->
    Self = self(),
    Pids = [spawn(fun() -> Self ! {self(), [erlang:unique_integer([monotonic]) || _ <- lists:seq(1, 200)] ++ [erlang:unique_integer() || _ <- lists:seq(1, 50)]} end) || _ <- lists:seq(1, 4)],
    Lists = [receive {P, L} -> L end || P <- Pids],
    Monotonic = lists:append([lists:sublist(L, 200) || L <- Lists]),
    Plain = lists:append([lists:nthtail(200, L) || L <- Lists]),
    Increasing = lists:all(fun(L) -> M = lists:sublist(L, 200), M =:= lists:usort(M) end, Lists),
    [length(lists:usort(Monotonic)), length(lists:usort(Plain)), Increasing, lists:all(fun is_integer/1, Monotonic ++ Plain),
     erlang:unique_integer([positive]) > 0, erlang:unique_integer([positive, monotonic]) > 0,
     t(fun() -> erlang:unique_integer([foo]) end), t(fun() -> erlang:unique_integer(x) end), t(fun() -> erlang:unique_integer([positive | x]) end)].
