-module(p090_deep_recursion).
-export([main/0]).
%% Very deep non-tail recursion: the stack grows far beyond the initial heap block.
depth(0) -> [];
depth(N) -> [N | depth(N - 1)].
sum([]) -> 0;
sum([H | T]) -> H + sum(T).
main() -> L = depth(300000), {length(L), sum(L), hd(L)}.
