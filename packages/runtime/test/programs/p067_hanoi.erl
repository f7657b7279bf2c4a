-module(p067_hanoi).
-export([main/0]).
%% Towers of Hanoi: move lists and counts.
hanoi(0, _, _, _) -> [];
hanoi(N, From, To, Via) -> hanoi(N - 1, From, Via, To) ++ [{From, To}] ++ hanoi(N - 1, Via, To, From).
main() -> {hanoi(3, a, c, b), length(hanoi(12, a, c, b))}.
