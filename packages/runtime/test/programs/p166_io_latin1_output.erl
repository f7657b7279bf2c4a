-module(p166_io_latin1_output).
-export([main/0]).
%% What erl -noshell's standard_io (latin1 in OTP 25) writes: characters 128..255 as one
%% byte, characters above 255 as \x{HEX}; ~s rejects characters above 255, ~ts reads a
%% binary as UTF-8 or, when it is not valid UTF-8, as Latin-1; io:put_chars wants UTF-8.

r(Label, F) ->
    io:format("~s: ", [Label]),
    try F() of
        Result -> io:format(" -> ~w~n", [Result])
    catch Class:Reason -> io:format(" -> ~w:~w~n", [Class, Reason])
    end.

main() ->
    r("s latin1", fun() -> io:format("~s|~ts|~w|~p", [[233], [233, 1000], [233], [233]]) end),
    r("put_chars", fun() -> io:put_chars([233, 1000, $x]) end),
    r("put_chars utf8 binary", fun() -> io:put_chars(<<195, 169, $!>>) end),
    r("put_chars bad utf8", fun() -> io:put_chars(<<233>>) end),
    r("put_chars integer", fun() -> io:put_chars(65) end),
    r("s above 255", fun() -> io:format("~s", [[1000]]) end),
    r("s atom above 255", fun() -> io:format("~s", ['\x{3E8}']) end),
    r("ts atom", fun() -> io:format("~ts", ['\x{3E8}é']) end),
    r("s binary", fun() -> io:format("~s", [<<195, 169>>]) end),
    r("ts utf8 binary", fun() -> io:format("~ts", [<<"h", 195, 169>>]) end),
    r("ts latin1 binary", fun() -> io:format("~ts", [<<255, $a>>]) end),
    r("ts truncated utf8", fun() -> io:format("~ts", [[<<"a", 226, 130>>, 1000]]) end),
    r("ts max", fun() -> io:format("~ts", [[16#10FFFF]]) end),
    r("ts too big", fun() -> io:format("~ts", [[16#110000]]) end),
    r("ts width", fun() -> io:format("[~-6ts][~6.2ts][~3ts][~3s]", ["e\x{301}x", "e\x{301}xyz", "a\r\nb", "a\r\nb"]) end),
    r("tw width", fun() -> io:format("[~4tw][~10w][~10tw]", ['e\x{301}', '\x{3E8}', '\x{3E8}']) end),
    r("c", fun() -> io:format("~c~c~tc", [233, 1000, 1000]) end),
    r("tc negative", fun() -> io:format("~tc", [-1]) end),
    r("format binary", fun() -> io:format(<<"h", 195, 169, " ~w">>, [1]) end),
    r("format chars", fun() -> io:format([$h, 1000, $~, $w], [2]) end),
    r("format atom", fun() -> io:format('atom ~w', [3]) end),
    r("p strings", fun() -> io:format("~p ~tp ~p ~tp ~p", [[233, 1000], <<"h", 195, 169>>, <<"h", 195, 169>>, <<"ab">>, <<"a\"b\\">>]) end),
    r("nl", fun() -> io:nl() end),
    done.
