-module(q005_ring).
-export([main/0]).
%% A ring of 100 processes passing a token 10 rounds.
ring_node(Next) -> receive {token, 0, Main} -> Main ! done; {token, N, Main} -> Next ! {token, N - 1, Main}, ring_node(Next) end.
build(0, Next) -> Next;
build(N, Next) -> build(N - 1, spawn(fun() -> ring_node(Next) end)).
main() ->
    Self = self(),
    Last = spawn(fun() -> receive {link, First} -> ring_node(First) end end),
    First = build(99, Last),
    Last ! {link, First},
    First ! {token, 1000, Self},
    receive done -> ring_done end.
