-module(q026_nested_spawn).
-export([main/0]).
%% A tree of processes: each spawns two children to a depth, results summed upward.
tree(0) -> 1;
tree(D) ->
    Self = self(),
    [spawn(fun() -> Self ! {sub, tree(D - 1)} end) || _ <- [1, 2]],
    1 + lists:sum([receive {sub, N} -> N end || _ <- [1, 2]]).
main() -> tree(7).
