-module(p026_guards_bifs).
-export([main/0]).
%% BIFs in guards (element, tuple_size, length, abs, hd, map_size) and guard failure to the next clause.
g(X) when element(1, X) =:= a -> a_tuple;
g(X) when tuple_size(X) > 2 -> big_tuple;
g(X) when length(X) > 2 -> long_list;
g(X) when abs(X) > 10 -> big_number;
g(X) when hd(X) =:= z -> z_list;
g(X) when map_size(X) =:= 0 -> empty_map;
g(_) -> other.
main() -> [g(X) || X <- [{a, 1}, {b, 1, 2}, [1, 2, 3], -20, [z], #{}, 5, {b}, "ab"]].
