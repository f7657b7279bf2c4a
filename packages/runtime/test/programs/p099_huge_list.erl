-module(p099_huge_list).
-export([main/0]).
%% Large lists: a million elements built, reversed, summed (heap growth and GC).
main() -> L = lists:seq(1, 1000000), R = lists:reverse(L), {length(R), hd(R), lists:sum(L), lists:nth(500000, R)}.
