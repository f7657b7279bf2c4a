-module(q025_ping_pong_count).
-export([main/0]).
%% Two processes exchanging 10,000 messages (scheduler ping-pong).
ping(_, 0) -> done;
ping(Pong, N) -> Pong ! {ping, self()}, receive pong -> ping(Pong, N - 1) end.
pong() -> receive {ping, From} -> From ! pong, pong(); stop -> ok end.
main() -> P = spawn(fun pong/0), R = ping(P, 10000), P ! stop, R.
