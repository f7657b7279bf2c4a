-module(p120_atom_table).
-export([main/0]).
%% Creating many atoms dynamically and looking them up again.
main() ->
    Atoms = [list_to_atom("gen_atom_" ++ integer_to_list(N)) || N <- lists:seq(1, 3000)],
    {length(lists:usort(Atoms)), lists:nth(1234, Atoms), list_to_existing_atom("gen_atom_2999") =:= lists:nth(2999, Atoms)}.
