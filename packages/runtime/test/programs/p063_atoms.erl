-module(p063_atoms).
-export([main/0]).
%% Atom creation and conversion, comparison by name, atoms in keys.
main() ->
    A = list_to_atom("dyn_" ++ integer_to_list(42)),
    {A, atom_to_list(A), A =:= dyn_42, list_to_existing_atom("ok"), atom_to_binary('ünïcödé', utf8),
     binary_to_atom(<<"from_bin">>, utf8), lists:sort([zeta, alpha, 'Beta', '_x']), length(atom_to_list(A))}.
