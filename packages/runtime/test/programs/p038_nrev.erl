-module(p038_nrev).
-export([main/0]).
%% Naive reverse (append-heavy), the classic benchmark, checked on its result.
app([], L) -> L;
app([H | T], L) -> [H | app(T, L)].
nrev([]) -> [];
nrev([H | T]) -> app(nrev(T), [H]).
loop(0, L) -> L;
loop(N, L) -> nrev(L), loop(N - 1, L).
main() -> R = nrev(lists:seq(1, 300)), loop(20, R), {hd(R), lists:last(R), length(R)}.
