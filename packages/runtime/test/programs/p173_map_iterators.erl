-module(p173_map_iterators).
-export([main/0]).
%% maps:iterator/next over erts_internal:map_next/3 for flat and hash maps: the pair
%% chain of a flat map ending in none, next after the end, a hash map's batches (32 first)
%% and the full walk (compared sorted: hash-map order is the VM's own), the list-collecting
%% mode, the badarg edges, and maps:from_keys/2.
t(F) -> try F() catch error:E -> {error, E} end.
walk(none, Acc) -> Acc;
walk(I, Acc) ->
    case maps:next(I) of
        none -> Acc;
        {K, V, Next} -> walk(Next, [{K, V} | Acc])
    end.
chain({_, _, Rest}, N) -> chain(Rest, N + 1);
chain(Rest, N) -> {N, if is_list(Rest) -> [is_integer(hd(Rest)), tl(Rest) =:= big]; true -> Rest end}.
main() ->
    Small = #{a => 1, b => 2, c => 3},
    I = maps:iterator(Small),
    {K1, V1, I1} = maps:next(I),
    {K2, V2, I2} = maps:next(I1),
    {K3, V3, I3} = maps:next(I2),
    io:format("~w~n", [[I, {K1, V1}, {K2, V2}, {K3, V3}, I3, maps:next(I3), maps:next(maps:iterator(#{})), maps:next(none)]]),
    io:format("~w~n", [maps:next(maps:iterator(#{a => 1}))]),
    io:format("~w~n", [[t(fun() -> erts_internal:map_next(P, Small, iterator) end) || P <- [0, 1, 3, 4, -1, a]]]),
    io:format("~w~n", [[t(fun() -> erts_internal:map_next(0, Small, A) end) || A <- [[], [x], [x | y], 1, foo]]]),
    io:format("~w~n", [[t(fun() -> erts_internal:map_next(0, M, iterator) end) || M <- [#{}, not_a_map]]]),
    io:format("~w~n", [[t(fun() -> maps:next(It) end) || It <- [[0 | Small], [7 | Small], [a | Small], x]]]),
    Big = maps:from_list([{X, X * X} || X <- lists:seq(1, 100)]),
    BigI = maps:iterator(Big),
    First = maps:next(BigI),
    io:format("~w~n", [chain(First, 0)]),
    All = walk(BigI, []),
    io:format("~w ~w~n", [length(All), lists:sort(All) =:= lists:sort(maps:to_list(Big))]),
    io:format("~w~n", [lists:sum([K * V || {K, V} <- All])]),
    Big2 = maps:from_list([{X, X} || X <- lists:seq(1, 2000)]),
    Walk2 = walk(maps:iterator(Big2), []),
    io:format("~w ~w~n", [length(Walk2), lists:usort(Walk2) =:= [{X, X} || X <- lists:seq(1, 2000)]]),
    Batches = fun B(P, Acc) ->
                      case tail(erts_internal:map_next(P, Big2, iterator), 0) of
                          {N, none} -> lists:reverse([N | Acc]);
                          {N, [Next | _]} -> B(Next, [N | Acc])
                      end
              end,
    %% Later batch sizes follow ERTS's trie layout (hash order): only the first and the sum.
    [FirstBatch | _] = AllBatches = Batches(0, []),
    io:format("~w ~w~n", [FirstBatch, lists:sum(AllBatches)]),
    [Path, Map | Pairs] = erts_internal:map_next(0, Big, []),
    io:format("~w ~w ~w~n", [is_integer(Path), Map =:= Big, length(Pairs)]),
    io:format("~w~n", [lists:sort(maps:fold(fun(K, V, Acc) -> [K + V | Acc] end, [], Big)) =:= lists:sort([X + X * X || X <- lists:seq(1, 100)])]),
    io:format("~w~n", [maps:size(maps:filter(fun(K, _) -> K rem 3 =:= 0 end, Big))]),
    io:format("~w~n", [lists:sort(maps:to_list(maps:map(fun(_, V) -> V + 1 end, maps:with([1, 2, 50], Big))))]),
    io:format("~w~n", [[t(fun() -> maps:from_keys(Ks, v) end) || Ks <- [[], [a, b, a], [1, 1.0], a, [a | b]]]]),
    FK = maps:from_keys(lists:seq(1, 50), 0),
    {maps:size(FK), lists:sum(maps:values(FK)), maps:get(33, FK)}.
tail({_, _, R}, N) -> tail(R, N + 1);
tail(R, N) -> {N, R}.
