-module(q009_message_order).
-export([main/0]).
%% Message order is kept per sender; messages from two senders interleave but each stays ordered.
sender(Main, Tag, N) -> [Main ! {Tag, I} || I <- lists:seq(1, N)], Main ! {Tag, done}.
collect(Tag, Acc) -> receive {Tag, done} -> lists:reverse(Acc); {Tag, I} -> collect(Tag, [I | Acc]) end.
main() ->
    Self = self(),
    spawn(fun() -> sender(Self, a, 200) end),
    spawn(fun() -> sender(Self, b, 200) end),
    A = collect(a, []), B = collect(b, []),
    {A =:= lists:seq(1, 200), B =:= lists:seq(1, 200)}.
