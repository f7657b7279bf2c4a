-module(p172_float_format_options).
-export([main/0]).
%% float_to_list/2 and float_to_binary/2: {decimals, N} (ties away from zero, exact
%% digits, compact), {scientific, N} (ties to even), short, the last option winning, the
%% 255-character limit; float_to_list/1 of -0.0; string:to_integer/to_float over the
%% string:list_to_integer/list_to_float BIFs.
t(F) -> try F() catch error:E -> {error, E} end.
main() ->
    Cases = [{1.5, [{decimals, 3}]}, {0.1, [short]}, {2.0, [compact, {decimals, 4}]}, {2.0, [{decimals, 4}, compact]},
             {1.0e20, [{decimals, 2}]}, {1.0e16, [{decimals, 2}]}, {123456789012345678.0, [{decimals, 0}]},
             {0.125, [{decimals, 2}]}, {0.375, [{decimals, 2}]}, {2.5, [{decimals, 0}]}, {-0.0, [{decimals, 2}]},
             {-0.0, [short]}, {0.0, [short]}, {-1.5, [{decimals, 0}]}, {1.5, [{scientific, 3}]}, {1.5, [{scientific, 0}]},
             {2.5, [{scientific, 0}]}, {1.0e-300, [{scientific, 2}]}, {-123.456, [{scientific, 10}]}, {1.5, [{scientific, 250}]},
             {1.5, [{scientific, 249}]}, {1.5, [{decimals, 254}]}, {1.5, [{decimals, 253}]}, {1.5, [{decimals, -1}]},
             {1.0e20, [short]}, {1.0e21, [short]}, {1.0e-5, [short]}, {1.0e-4, [short]}, {123456.789, [short]},
             {1.0e15, [short]}, {1.0e16, [short]}, {1.2345e16, [short]}, {5.0e-324, [short]}, {1.7976931348623157e308, [short]},
             {100.0, [short]}, {1.0e9, [short]}, {123456789.0, [short]}, {1 / 3, [short]}, {2.0e-7, [short]},
             {9007199254740993.0, [short]}, {1.5, []}, {1.5, [compact]}, {1.5, [{scientific, 3}, compact]},
             {1.5, [{decimals, 2}, {scientific, 2}]}, {1.5, [{scientific, 2}, {decimals, 2}]}, {1.5, [short, {decimals, 2}]},
             {1.5, [{decimals, 2}, short]}, {1.5, [foo]}, {1.5, [{decimals, a}]}, {1, [short]}, {1.5, x},
             {0.1, [{decimals, 20}]}, {1.0e-10, [{decimals, 5}, compact]}, {100.0, [{decimals, 3}, compact]},
             {0.5, [{decimals, 0}]}, {0.05, [{decimals, 1}]}, {1.0e300, [{decimals, 1}]}, {1.0e250, [{decimals, 4}]},
             {1.0e250, [{decimals, 5}]}, {-1.0e200, [{decimals, 54}]}, {-1.0e200, [{decimals, 53}]}, {-1.0, [{decimals, 253}]},
             {1.0e-300, [{decimals, 253}]}, {-0.001, [{decimals, 2}]}, {3.14159, [{decimals, 2}, compact]}, {1.0e10, [{decimals, 1}, compact]}],
    lists:foreach(fun({V, O}) -> io:format("~w ~w~n", [t(fun() -> float_to_list(V, O) end), t(fun() -> float_to_binary(V, O) end)]) end, Cases),
    io:format("~w~n", [[float_to_list(X) || X <- [-0.0, 0.0, 1.5, 1.0e-300, 5.0e-324, 0.1]]]),
    io:format("~w~n", [[float_to_binary(X) || X <- [-0.0, 2.5e100]]]),
    io:format("~w~n", [t(fun() -> float_to_binary(1) end)]),
    Ints = ["123abc", "-12", "+7x", "abc", "-", "", "  12", abc, [$1 | x], "12" ++ [x], "123456789012345678901234567890z", "007", [$1, 300], [$1, $2 | $3], <<"42x">>],
    io:format("~w~n", [[t(fun() -> string:to_integer(S) end) || S <- Ints]]),
    Floats = ["1.5e3x", "1.5", "-1.5E-3", "1", "1.", "1.e5", ".5", "1.5e", "1.5e+", "+1.5", "1.5e400", "1,5", x, "1.5" ++ [x],
              "0.1e-400", "1_0.5", "1.25abc", <<"4.2e1x">>, "1e5", "-0.0", "12345678901234567890.5"],
    io:format("~w~n", [[t(fun() -> string:to_float(S) end) || S <- Floats]]),
    [t(fun() -> string:list_to_integer(S) end) || S <- ["9", "-x", x]].
