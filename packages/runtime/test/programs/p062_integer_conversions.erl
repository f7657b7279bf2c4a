-module(p062_integer_conversions).
-export([main/0]).
%% Integer <-> text in several bases, big values, float conversions and truncation.
main() ->
    {integer_to_list(-255, 16), integer_to_list(1 bsl 70, 36), list_to_integer("-zz", 36), list_to_integer("+17"),
     integer_to_binary(-1 bsl 65, 2), binary_to_integer(<<"7fffffffffffffff">>, 16), trunc(2.9e15), round(1.5), round(-1.5),
     float(-(1 bsl 60)), list_to_float("2.5e3"), float_to_list(0.1), ceil(-0.5), floor(-0.5), 7 / 7}.
