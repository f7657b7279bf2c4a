-module(q016_echo_chain).
-export([main/0]).
%% A chain of forwarding processes: a message travels through 50 of them and back.
forward(Next) -> receive {msg, Hops, From} -> Next ! {msg, Hops + 1, From}, forward(Next) end.
main() ->
    Self = self(),
    End = spawn(fun() -> receive {msg, Hops, From} -> From ! {arrived, Hops} end end),
    Head = lists:foldl(fun(_, Next) -> spawn(fun() -> forward(Next) end) end, End, lists:seq(1, 50)),
    Head ! {msg, 0, Self},
    receive {arrived, H} -> H end.
