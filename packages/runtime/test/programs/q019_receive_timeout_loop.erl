-module(q019_receive_timeout_loop).
-export([main/0]).
%% A loop that counts messages until a quiet period (receive ... after as a terminator).
count(N) -> receive tick -> count(N + 1) after 30 -> N end.
main() ->
    Self = self(),
    spawn(fun() -> [Self ! tick || _ <- lists:seq(1, 100)] end),
    count(0).
