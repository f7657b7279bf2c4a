-module(p113_select_atoms_many).
-export([main/0]).
%% A large select_val over 26 atoms (binary search in ERTS, a table here).
code(a) -> 1; code(b) -> 2; code(c) -> 3; code(d) -> 4; code(e) -> 5; code(f) -> 6; code(g) -> 7; code(h) -> 8;
code(i) -> 9; code(j) -> 10; code(k) -> 11; code(l) -> 12; code(m) -> 13; code(n) -> 14; code(o) -> 15; code(p) -> 16;
code(q) -> 17; code(r) -> 18; code(s) -> 19; code(t) -> 20; code(u) -> 21; code(v) -> 22; code(w) -> 23; code(x) -> 24;
code(y) -> 25; code(z) -> 26; code(_) -> 0.
main() -> [code(list_to_atom([C])) || C <- "thequickbrownfoxjumpsoverlazydog!"].
