-module(p104_element_loops).
-export([main/0]).
%% Tuples as fixed arrays: element/setelement loops, swapping, bubble sort on a tuple.
swap(T, I, J) -> A = element(I, T), B = element(J, T), setelement(J, setelement(I, T, B), A).
bubble(T) -> bubble(T, tuple_size(T)).
bubble(T, 1) -> T;
bubble(T, N) -> bubble(pass(T, 1, N), N - 1).
pass(T, I, N) when I >= N -> T;
pass(T, I, N) -> T2 = case element(I, T) > element(I + 1, T) of true -> swap(T, I, I + 1); false -> T end, pass(T2, I + 1, N).
main() -> {bubble({5, 2, 9, 1, 7, 3}), swap({a, b, c}, 1, 3)}.
