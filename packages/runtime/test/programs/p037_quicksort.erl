-module(p037_quicksort).
-export([main/0]).
%% Quicksort and mergesort on integers, atoms and tuples (term order).
qs([]) -> [];
qs([P | T]) -> qs([X || X <- T, X < P]) ++ [P] ++ qs([X || X <- T, X >= P]).
ms([]) -> []; ms([X]) -> [X];
ms(L) -> {A, B} = lists:split(length(L) div 2, L), merge(ms(A), ms(B)).
merge([], B) -> B; merge(A, []) -> A;
merge([X | A], [Y | B]) when X =< Y -> [X | merge(A, [Y | B])];
merge(A, [Y | B]) -> [Y | merge(A, B)].
main() -> L = [3, b, {1}, 2.5, "s", a, 1, [], {0, 1}], {qs(L), ms(L), qs(lists:seq(20, 1, -1))}.
