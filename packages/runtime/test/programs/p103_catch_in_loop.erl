-module(p103_catch_in_loop).
-export([main/0]).
%% Exceptions inside folds and comprehensions, converted to values; 2,000 catches.
safe_div(_, 0) -> {error, zero};
safe_div(A, B) -> {ok, A div B}.
try_all(L) -> [try 100 div X catch error:badarith -> inf end || X <- L].
main() -> {[safe_div(10, X) || X <- [2, 0, 5]], try_all([1, 0, 3, 0]),
           length([catch throw(X) || X <- lists:seq(1, 2000)])}.
