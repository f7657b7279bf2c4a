-module(p121_phash2).
-export([main/0]).
%% erlang:phash2/1,2 over every kind of term, and the range argument (bignum ranges too).
main() ->
    Terms = [0, 1, -1, 134217727, 134217728, -134217729, 1 bsl 64, -(1 bsl 100),
             0.0, 1.5, -2.25e300, foo, '', 'hello world', [], [1, 2, 3], "a string",
             [a | b], {}, {1, 2}, {a, {b, [c]}}, <<>>, <<1, 2, 3>>, <<"0123456789abcdef">>,
             <<1:3>>, <<255, 7:5>>, #{}, #{a => 1, b => 2},
             maps:from_list([{K, integer_to_list(K)} || K <- lists:seq(1, 40)]),
             fun lists:map/2, [{x, "y", <<"z">>, 2.0, #{k => [v]}}]],
    lists:foreach(fun(T) -> io:format("~w ~w ~w~n", [erlang:phash2(T), erlang:phash2(T, 1000), erlang:phash2(T, 1 bsl 32)]) end, Terms),
    Equal = erlang:phash2(#{b => 2, a => 1}) =:= erlang:phash2(#{a => 1, b => 2}),
    Bad = try erlang:phash2(x, 0) catch error:R -> R end,
    TooBig = try erlang:phash2(x, (1 bsl 32) + 1) catch error:R2 -> R2 end,
    {Equal, Bad, TooBig, erlang:phash2(lists:seq(1, 1000), 1)}.
