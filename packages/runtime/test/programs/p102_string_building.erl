-module(p102_string_building).
-export([main/0]).
%% Building strings with io_lib-free code: number formatting, padding, joining, reversing words.
fmt(N) when N < 10 -> [$0, $0 + N];
fmt(N) -> integer_to_list(N).
time({H, M, S}) -> fmt(H) ++ ":" ++ fmt(M) ++ ":" ++ fmt(S).
main() -> {time({9, 5, 30}), time({23, 59, 59}), lists:flatten([time({I, I, I}) ++ " " || I <- [1, 2, 3]]),
           string:join(lists:reverse(string:tokens("one two three", " ")), " ")}.
