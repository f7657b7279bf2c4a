-module(p025_io_formats).
-export([main/0]).
%% More io:format: ~s with iolists and binaries, ~p of nested data, ~~, ~c, floats.
main() ->
    io:format("~s|~s|~s~n", ["plain", ["nested", $-, "list"], <<"bin">>]),
    io:format("~p ~p ~p~n", [{tuple, [1, 2]}, [], <<"binary">>]),
    io:format("~w ~w~n", [-3.25, 1.0e-7]),
    io:format("100~~ ~c~c~n", [$o, $k]),
    io:format("~.3f ~.1f ~f~n", [2.0, 0.05, 1.0]),
    io:format("~p~n", [[a, "b", <<"c">>, 1.5, {x, #{k => v}}]]),
    io:put_chars("put_chars\n"),
    io:nl(),
    done.
