-module(p008_strings_atoms).
-export([main/0]).
%% Atoms and charlists: conversions and comparisons.
main() ->
    {atom_to_list(hello), list_to_atom("world"), integer_to_list(255), integer_to_list(255, 16),
     list_to_integer("-42"), list_to_integer("ff", 16), length(atom_to_list(abc)), hello < world,
     "abc" < "abd", [$a, $b] =:= "ab", 'Quoted Atom', 'if'}.
