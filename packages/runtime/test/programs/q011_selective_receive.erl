-module(q011_selective_receive).
-export([main/0]).
%% Selective receive by priority: urgent messages first, then the rest in order.
drain(Acc) -> receive {urgent, X} -> drain([X | Acc]) after 0 -> lists:reverse(Acc) end.
rest(Acc) -> receive {normal, X} -> rest([X | Acc]) after 0 -> lists:reverse(Acc) end.
main() ->
    [self() ! M || M <- [{normal, 1}, {urgent, a}, {normal, 2}, {urgent, b}, {normal, 3}]],
    U = drain([]), N = rest([]),
    {U, N}.
