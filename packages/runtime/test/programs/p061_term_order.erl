-module(p061_term_order).
-export([main/0]).
%% The standard term order across every type, as lists:sort and comparisons see it.
main() ->
    L = [<<"b">>, [], {a}, "str", #{a => 1}, fun() -> ok end, 1.5, atom, 2, -1, <<"a">>, {a, b}, [1], 1 bsl 70, #{}, 1.0],
    Sorted = lists:sort(L),
    {[if is_function(X) -> fn; true -> X end || X <- Sorted], 1 < 1.5, 1.0 == 1, {1, 2} < {1, 2.0}, [1, 2] < [1 | 2],
     <<1:1>> < <<0:2>>, atom < <<>>, #{b => 1} < #{a => 2}, #{a => 1} < #{a => 2, b => 0}}.
