-module(q022_workers_pool).
-export([main/0]).
%% A pool of 8 workers pulling jobs from a dispatcher until the queue is empty.
dispatcher([], 0, Results) -> Results;
dispatcher(Jobs, Busy, Results) ->
    receive
        {ready, W} when Jobs =/= [] -> W ! {job, hd(Jobs)}, dispatcher(tl(Jobs), Busy + 1, Results);
        {ready, W} -> W ! stop, dispatcher(Jobs, Busy, Results);
        {done, R} -> dispatcher(Jobs, Busy - 1, [R | Results])
    end.
worker(D) -> D ! {ready, self()}, receive {job, N} -> D ! {done, N * N}, worker(D); stop -> ok end.
main() ->
    Self = self(),
    [spawn(fun() -> worker(Self) end) || _ <- lists:seq(1, 8)],
    lists:sort(dispatcher(lists:seq(1, 40), 0, [])).
