-module(p158_atom_conversion).
-export([main/0]).
%% Text <-> atom BIFs with ERTS's encodings and limits: latin1 vs utf8 binaries, invalid
%% UTF-8 and surrogates (badarg), 255 characters at most (system_limit), bad encodings,
%% bitstrings, and the *_existing_* forms that never create an atom.
main() ->
    T = fun(F) -> try F() catch C:R -> {C, R} end end,
    Codes = fun(A) when is_atom(A) -> atom_to_list(A); (Other) -> Other end,
    [Codes(T(F)) || F <- [
        fun() -> binary_to_atom(id(<<255>>), utf8) end,
        fun() -> binary_to_atom(id(<<255>>), latin1) end,
        fun() -> binary_to_atom(id(<<195, 191>>), utf8) end,
        fun() -> binary_to_atom(id(<<195, 191>>), unicode) end,
        fun() -> binary_to_atom(id(<<"ab">>), id(foo)) end,
        fun() -> binary_to_atom(binary:copy(<<"a">>, 256)) end,
        fun() -> binary_to_atom(binary:copy(<<"a">>, 255)) =:= list_to_atom(lists:duplicate(255, $a)) end,
        fun() -> binary_to_atom(binary:copy(<<240, 159, 152, 128>>, 255)) =:= list_to_atom(lists:duplicate(255, 16#1F600)) end,
        fun() -> binary_to_atom(binary:copy(<<240, 159, 152, 128>>, 256)) end,
        fun() -> atom_to_binary(list_to_atom(id([26085])), id(latin1)) end,
        fun() -> atom_to_binary(list_to_atom([233]), latin1) end,
        fun() -> atom_to_binary(list_to_atom([233]), utf8) end,
        fun() -> atom_to_binary(list_to_atom([233])) end,
        fun() -> atom_to_binary(a, id(foo)) end,
        fun() -> atom_to_binary(id("a")) end,
        fun() -> list_to_atom(lists:duplicate(256, $a)) end,
        fun() -> list_to_atom([id(16#D800)]) end,
        fun() -> list_to_atom([id(16#110000)]) end,
        fun() -> list_to_atom([id(-1)]) end,
        fun() -> list_to_atom(id([$a | b])) end,
        fun() -> binary_to_atom(id(<<1:3>>), utf8) end,
        fun() -> binary_to_atom(id(<<237, 160, 128>>), utf8) end,
        fun() -> binary_to_atom(id(<<192, 128>>), utf8) end,
        fun() -> binary_to_existing_atom(id(<<"no_such_atom_here_xyz">>), utf8) end,
        fun() -> binary_to_existing_atom(id(<<"main">>), utf8) end,
        fun() -> binary_to_existing_atom(id(<<"main">>)) end,
        fun() -> binary_to_existing_atom(id(<<"main">>), latin1) end,
        fun() -> list_to_existing_atom(id("no_such_atom_2")) end,
        fun() -> list_to_existing_atom(id("main")) end,
        fun() -> list_to_existing_atom(lists:duplicate(256, $a)) end,
        fun() -> binary_to_existing_atom(binary:copy(<<"a">>, 256)) end
    ]].

id(X) -> X.
