-module(p058_uncaught_throw).
-export([main/0]).
%% An uncaught throw.
main() -> throw({not_caught, [1, 2]}).
