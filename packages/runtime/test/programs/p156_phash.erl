-module(p156_phash).
-export([main/0]).
%% erlang:phash/2, OTP's older hash (make_hash): every kind of term the program can make
%% the same on two VMs (pids, ports and refs are numbered differently), sub-binaries at a
%% bit offset, funs with an environment, Latin-1 and Unicode atoms, and the range.
main() ->
    <<_:3, Sub:20/bits, _/bits>> = <<"a sub-binary at bit 3">>,
    <<_:8, Aligned:5/binary, _/binary>> = <<"0123456789">>,
    X = length(atom_to_list(?MODULE)),
    Adder = fun(Y) -> X + Y end,
    Pair = fun(A, B) -> {A, B, X, Sub} end,
    Terms = [0, 1, -1, 255, 256, 65535, 134217727, 134217728, -134217729, 4294967295,
             4294967296, 1 bsl 40, -(1 bsl 40), 1 bsl 59, 1 bsl 60, 1 bsl 64, -(1 bsl 100),
             (1 bsl 96) - 1, 0.0, -0.0, 1.5, -2.25e300, 1.0e-300, foo, '', 'hello world',
             'héllo', 'ça', '日本', [], [1, 2, 3], "a string", [256, 1000], [a | b],
             [1 | 2], [[1], [2, [3]]], {}, {1, 2}, {a, {b, [c]}}, <<>>, <<1, 2, 3>>,
             <<"0123456789abcdef">>, <<1:3>>, <<255, 7:5>>, Sub, Aligned, #{},
             #{a => 1, b => 2}, maps:from_list([{K, K * K} || K <- lists:seq(1, 40)]),
             fun lists:map/2, fun erlang:abs/1, Adder, Pair, fun main/0,
             [{x, "y", <<"z">>, 2.0, #{k => [v]}}]],
    lists:foreach(fun(T) -> io:format("~w ~w ~w~n", [erlang:phash(T, 1 bsl 32), erlang:phash(T, 1000), erlang:phash(T, 1)]) end, Terms),
    Bad = [try erlang:phash(x, R) catch error:E -> E end || R <- [0, -1, (1 bsl 32) + 1, 1.0, a]],
    {Bad, erlang:phash(lists:seq(1, 1000), 7)}.
