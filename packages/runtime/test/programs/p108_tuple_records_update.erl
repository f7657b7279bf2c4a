-module(p108_tuple_records_update).
-export([main/0]).
%% Records updated many times in a loop (setelement chains, GC of old versions).
-record(acc, {count = 0, sum = 0, last}).
step(X, #acc{count = C, sum = S} = A) -> A#acc{count = C + 1, sum = S + X, last = X}.
main() -> lists:foldl(fun step/2, #acc{}, lists:seq(1, 10000)).
