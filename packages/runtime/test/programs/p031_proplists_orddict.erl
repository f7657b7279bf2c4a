-module(p031_proplists_orddict).
-export([main/0]).
%% OTP's proplists, orddict and ordsets modules from their .beam files.
main() ->
    P = [{a, 1}, b, {c, 3}],
    D = orddict:from_list([{z, 26}, {a, 1}, {m, 13}]),
    S = ordsets:from_list([3, 1, 2, 3]),
    {proplists:get_value(a, P), proplists:get_value(x, P, none), proplists:get_bool(b, P), lists:sort(proplists:get_keys(P)),
     orddict:fetch(m, D), orddict:store(b, 2, D), orddict:find(q, D), orddict:to_list(orddict:erase(z, D)),
     S, ordsets:union(S, [4, 0]), ordsets:intersection(S, [2, 3, 9]), ordsets:is_element(2, S), ordsets:subtract(S, [1])}.
