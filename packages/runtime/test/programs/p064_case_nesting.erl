-module(p064_case_nesting).
-export([main/0]).
%% Nested case/if/receive-free control flow with shadowed-looking variables and guards.
classify(X) ->
    case X of
        {T, V} when is_atom(T) ->
            case V of
                N when is_integer(N), N > 0 -> {T, positive};
                N when is_integer(N) -> {T, non_positive};
                _ -> if is_list(V) -> {T, list}; true -> {T, other} end
            end;
        [_ | _] = L -> {list, length(L)};
        _ -> unknown
    end.
main() -> [classify(X) || X <- [{a, 1}, {b, -1}, {c, "s"}, {d, 2.0}, [1, 2], 7]].
