-module(p168_erlang_display).
-export([main/0]).
%% erlang:display/1 is ERTS's own C printer, not io_lib: strings and binaries, floats as
%% printf's %e (ties to even), maps without spaces, atoms as UTF-8, "\r\n" line ends.
%% It writes straight to the file descriptor, past erl's io server, so a program that
%% also used io:format before it would see the two interleave by timing: this one only
%% displays (the runner's own io:format comes after).

main() ->
    [erlang:display(X) || X <- ["abc", <<"abc">>, [233], [233, 1000], <<233, 1>>, "a\nb\"c\\",
                                    "a\tb", "a\vb", <<"a\"b\\">>, <<"a\nb">>, <<>>, [], "", [$a | b],
                                    {'é', 'a b', 'and', 'Abc', 'don\'t', 'a\nb', '\x{3E8}'},
                                    1.5, -0.0, 1234567.5, 1234568.5, 1.0e100, 0.1, 5.0e-324, 123456789012345678901234567890,
                                    #{a => "x", 1 => <<1:3>>}, [[97]], {}, fun lists:map/2]],
    done.
