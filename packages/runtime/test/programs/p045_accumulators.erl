-module(p045_accumulators).
-export([main/0]).
%% Tail-recursive accumulators with several live values, and a state machine.
stats([], N, Sum, Min, Max) -> {N, Sum, Min, Max};
stats([H | T], N, Sum, Min, Max) -> stats(T, N + 1, Sum + H, min(Min, H), max(Max, H)).
fsm([], State) -> State;
fsm([$a | T], start) -> fsm(T, seen_a);
fsm([$b | T], seen_a) -> fsm(T, seen_ab);
fsm([_ | T], seen_ab) -> fsm(T, seen_ab);
fsm([_ | T], _) -> fsm(T, start).
main() -> {stats([5, 3, 9, 1, 7], 0, 0, 1000, -1000), fsm("xxabyy", start), fsm("ba", start)}.
