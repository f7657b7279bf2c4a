-module(p016_select_val).
-export([main/0]).
%% select_val over integers and atoms, jump tables with holes, default branches.
day(1) -> mon; day(2) -> tue; day(3) -> wed; day(4) -> thu; day(5) -> fri; day(6) -> sat; day(7) -> sun; day(_) -> bad.
num(mon) -> 1; num(tue) -> 2; num(wed) -> 3; num(thu) -> 4; num(fri) -> 5; num(sat) -> 6; num(sun) -> 7; num(_) -> 0.
sparse(1) -> a; sparse(100) -> b; sparse(-5) -> c; sparse(100000) -> d; sparse(X) -> {other, X}.
main() -> {[day(N) || N <- lists:seq(0, 8)], [num(day(N)) || N <- lists:seq(0, 8)], [sparse(X) || X <- [1, 100, -5, 100000, 7]]}.
