-module(p042_records_nested).
-export([main/0]).
%% Nested records, default values, record updates in folds.
-record(point, {x = 0, y = 0}).
-record(line, {from = #point{}, to = #point{x = 1, y = 1}, label}).
move(#point{x = X, y = Y} = P, DX, DY) -> P#point{x = X + DX, y = Y + DY}.
main() ->
    L = #line{label = diag},
    L2 = L#line{to = move(L#line.to, 2, 3)},
    Ps = lists:foldl(fun(I, Acc) -> [move(#point{}, I, I * 2) | Acc] end, [], lists:seq(1, 3)),
    {L, L2, (L2#line.to)#point.y, Ps, record_info(fields, line), record_info(size, point)}.
