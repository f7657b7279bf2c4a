-module(p083_string_module).
-export([main/0]).
%% OTP's string module (old list API) from its .beam file.
main() -> {string:tokens("a,b,,c", ","), string:join(["x", "y"], "+"), string:substr("hello", 2, 3), string:chr("hello", $l),
           string:to_upper("abc"), string:strip("  pad  "), string:copies("ab", 3), string:str("haystack", "st"), string:left("ab", 4, $.)}.
