-module(p165_io_format_fields).
-export([main/0]).
%% io:format's field width, precision, pad character and adjustment for every control,
%% the `*` arguments, truncation (strings cut, terms starred) and what io_lib rejects.

f(Format, Args) ->
    try io:format("[" ++ Format ++ "]~n", Args)
    catch Class:Reason -> io:format("~s -> ~w:~w~n", [Format, Class, Reason])
    end.

main() ->
    %% ~s: width, left adjust, precision (cut or padded), pad characters
    f("~10s", [abc]), f("~-10s", ["abc"]), f("~2s", ["abcdef"]), f("~.2s", ["abcdef"]),
    f("~10.2s", ["abcdef"]), f("~10.2.xs", ["abcdef"]), f("~-10.2.xs", ["abcdef"]),
    f("~10.8.-s", ["abc"]), f("~.8.-s", ["abc"]), f("~6.6s", ["abcdefgh"]), f("~6.6s", ["ab"]),
    f("~5s", [[<<"ab">>, $c, [$d, <<"efg">>]]]), f("~3s", [<<"a\r\nbc">>]), f("~2.5s", ["abc"]),
    f("~-*s", [7, "ab"]), f("~*.*s", [8, 3, "abcdef"]), f("~*.*.*s", [8, 2, $_, "abcdef"]),
    %% ~w ~p: starred when the term does not fit
    f("~5w", [abc]), f("~-8w", [{a,b}]), f("~3w", [{a,b}]), f("~.3w", [{a,b}]),
    f("~10.3w", [{a,b}]), f("~10.3w", [ab]), f("~5.3.0w", [12345]), f("~*w", [6, x]),
    f("~-*w", [6, x]), f("~*w", [-6, x]), f("~-*w", [-6, x]), f("~0w", [abc]), f("~4w", [[1,2]]),
    f("~20p", [[1,2,3]]), f("~.5p", [abc]), f("~-20p", [abc]), f("~lp", ["abc"]), f("~p", ["abc"]),
    f("~w|~i|~w", [a, ignored, b]),
    %% ~c: width repeats the character, precision with width pads
    f("~10c", [$a]), f("~3c", [$a]), f("~-10.3c", [$a]), f("~10.3.*c", [$a]), f("~.3c", [$a]),
    f("~3.10c", [$a]), f("~c", [256 + $b]), f("~c", [-1]), f("~tc", [-1]), f("~3.0tc", [-1]), f("~5~", []), f("~3n", []), f("~-3n", []),
    %% integers: bases, pads, prefixes, overflow
    f("~.16b", [255]), f("~.16B", [255]), f("~8.16.0B", [255]), f("~8.16.0b", [-255]),
    f("~.2b", [10]), f("~.36B", [123456789]), f("~6b", [-42]), f("~-6b|", [-42]), f("~2b", [12345]),
    f("~b", [123456789012345678901234567890]), f("~.16B", [-123456789012345678901234567890]),
    f("~x", [255, "0x"]), f("~.16x", [255, "0x"]), f("~.16X", [255, '0x']), f("~.16x", [-255, [$#, "x"]]),
    f("~.16#", [255]), f("~.16+", [255]), f("~.16+", [-255]), f("~10.16#", [-255]), f("~-10.2+|", [5]),
    f("~10.2x", [-5, abc]), f("~3.16#", [255]), f("~.8.0#", [8]),
    f("~.1b", [5]), f("~.37b", [5]), f("~b", [1.0]), f("~x", [1, 2]), f("~.0b", [5]),
    %% ~f ~e ~g: width (starred when too narrow), precision, pad
    f("~10.3f", [3.14159]), f("~.3f", [3.14159]), f("~8.2.0f", [3.14159]), f("~8.2.0f", [-3.14159]),
    f("~-10.1f|", [2.25]), f("~3f", [123.456]), f("~3.1f", [123.456]), f("~.1f", [0.05]),
    f("~.0f", [1.5]), f("~.1e", [1.5]), f("~f", [5]), f("~e", [5]), f("~15.3e", [-0.000123]),
    f("~12g", [1.0]), f("~-12.3g|", [1.0e10]), f("~*.*f", [9, 2, 1.005]),
    %% bad format strings and argument lists
    f("~", []), f("~q", [1]), f("~w", []), f("~w", [a, b]), f("~-w", [a]), f("~.-1w", [a]),
    f("~*w", [a, b]), f("~W", [a, b]), f("~P", [a, b]), f("~s", [1]), f("~s", [[a]]), f("~s", [{}]),
    f("~tkp", [a]),
    done.
