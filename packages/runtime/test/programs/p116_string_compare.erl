-module(p116_string_compare).
-export([main/0]).
%% Comparing and sorting strings and binaries; prefix checks.
prefix([], _) -> true;
prefix([C | A], [C | B]) -> prefix(A, B);
prefix(_, _) -> false.
main() -> {lists:sort(["pear", "apple", "fig", "apples", "Apple"]), lists:sort([<<"b">>, <<"a">>, <<"ab">>, <<>>]),
           prefix("app", "apple"), prefix("apx", "apple"), "abc" < "abd", <<"abc">> < <<"abd">>, "Z" < "a"}.
