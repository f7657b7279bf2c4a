-module(p087_proplists_more).
-export([main/0]).
%% proplists in depth: lookup, delete, substitute aliases, expand, compact.
main() ->
    L = [{a, 1}, b, {c, [x]}, {a, 2}, {d, false}],
    {proplists:lookup(a, L), proplists:lookup_all(a, L), proplists:get_all_values(a, L), proplists:delete(a, L),
     proplists:is_defined(d, L), proplists:get_bool(d, L), proplists:substitute_aliases([{b, bb}], L),
     proplists:compact([{a, true}, {b, 1}]), proplists:unfold([x, {y, 1}])}.
