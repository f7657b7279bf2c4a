-module(p161_binary_to_term_options).
-export([main/0]).
%% binary_to_term/2: `used` gives {Term, BytesUsed} (bytes after the term are ignored, by
%% /1 as well), `safe` refuses atoms that do not exist yet; an unknown option, an improper
%% or non-list option list is badarg; what /1 refuses /2 refuses too.
main() ->
    T = fun(F) -> try F() catch C:R -> {C, R} end end,
    N = <<100, 0, 13, "nonode@nohost">>,
    Unknown = <<131, 100, 0, 26, "p161_no_such_atom_anywhere">>,
    [T(F) || F <- [
        fun() -> binary_to_term(<<131, 97, 1, 0, 0>>) end,
        fun() -> binary_to_term(<<131, 97, 1, 0, 0>>, [used]) end,
        fun() -> binary_to_term(<<131, 108, 0, 0, 0, 1, 97, 1, 106, 255>>, [used, used]) end,
        fun() -> binary_to_term(<<131, 97, 1>>, []) end,
        fun() -> binary_to_term(<<131, 97, 1>>, [safe]) end,
        fun() -> binary_to_term(<<131, 97, 1>>, [safe, used]) end,
        fun() -> binary_to_term(<<131, 97, 1>>, [bogus]) end,
        fun() -> binary_to_term(<<131, 97, 1>>, bogus) end,
        fun() -> binary_to_term(<<131, 97, 1>>, [safe | used]) end,
        fun() -> binary_to_term(<<131, 97>>, [used]) end,
        fun() -> binary_to_term(<<131, 88, N/binary, 32768:32, 0:32, 0:32>>, [used]) end,
        fun() -> binary_to_term(<<131, 88, N/binary, 32768:32, 0:32, 1:32, 7>>, [used]) end,
        fun() -> binary_to_term(Unknown, [safe]) end,
        fun() -> binary_to_term(<<131, 104, 2, 97, 1, Unknown/binary>>, [safe, used]) end,
        fun() -> binary_to_term(<<131, 100, 0, 2, "ok">>, [safe, used]) end,
        fun() -> binary_to_term(<<131, 97, 1, 2:3>>, [used]) end
    ]].
