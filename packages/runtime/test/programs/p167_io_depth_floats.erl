-module(p167_io_depth_floats).
-export([main/0]).
%% ~W and ~P (depth-limited terms, depth from the argument list) and the float controls
%% ~e ~f ~g at their edges: io_lib rounds float_to_list's 21 digits half up, ~g picks
%% ~f or ~e on the absolute value, carries across the decimal point, zero, huge and
%% tiny values. Each ~P starts its own line and fits in it: erl breaks longer ones over
%% lines, which our one-line ~p does not.

main() ->
    M = #{a => 1, b => [1, 2, 3], c => {x, y}},
    Big = maps:from_list([{I, I * I} || I <- lists:seq(1, 40)]),
    L = [{a, [1, {b, c}]}, "abc", <<1, 2, 3>>, #{k => [1, 2]}, {}, <<1:3>>],
    [io:format("~P~n~w: ~W ~W~n~P~n", [L, D, D, L, D, M, D, M, D]) || D <- [0, 1, 2, 3, 4, 5, 9, -1, -7]],
    [io:format("~P~n~w: ~W~n", [T, D, D, T, D]) || D <- [1, 2, 3, 4],
                                                  T <- ["abcdef", <<"abcdef">>, <<"ab", 1, "cdefgh">>, [1, 2 | 3], {a, b, c},
                                                        <<1, 2, 3:4>>, [[1, 2], [3]], 3.5, foo, <<"a\nb">>, [$a, 300]]],
    io:format("~W~n~P~n~W~n~W~n", [Big, 4, Big, 4, #{}, 1, #{a => 1}, 2]),
    io:format("[~12W] [~-12W] [~4W] [~lP]~n", [[1, 2, 3], 3, [1, 2, 3], 3, [1, 2, 3], 5, "ab", 3]),
    Floats = [0.0, -0.0, 1.0, -1.0, 0.05, -0.05, 0.1, 0.099999, 9.99999, 9.999995, -9.9999996, 99.95, 999.9999,
              9999.0, 10000.0, -12345.678, 1.0e20, 1.0e-20, 123456789.125, 2.5, 0.125, 1.005, 5.0e-324,
              1.7976931348623157e308, 0.3, 2.0e-7, 1234567.5, 1234568.5],
    [io:format("~w: ~f ~.2f ~.1f ~e ~.2e ~.3e ~g ~.1g ~.2g ~.3g ~.10g~n", [X, X, X, X, X, X, X, X, X, X, X, X]) || X <- Floats],
    [io:format("[~10f][~-12.3e][~9.3g][~3.1f]~n", [X, X, X, X]) || X <- [3.25, -0.000123, 98765.4321]],
    done.
