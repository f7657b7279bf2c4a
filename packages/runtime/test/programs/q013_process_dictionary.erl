-module(q013_process_dictionary).
-export([main/0]).
%% The process dictionary is per process.
main() ->
    put(a, 1), put(b, 2),
    Old = put(a, 10),
    Self = self(),
    spawn(fun() -> Self ! {child, get(a), put(a, child)} end),
    Child = receive {child, V, P} -> {V, P} end,
    {Old, get(a), lists:sort(get_keys()), erase(b), get(b), Child}.
