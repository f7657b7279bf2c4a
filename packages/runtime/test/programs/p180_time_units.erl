-module(p180_time_units).
-export([main/0]).
%% Time units given as integers (parts per second), as OTP's supervisor passes 1 to
%% erlang:monotonic_time/1: accepted wherever a unit atom is, positive only.
main() ->
    Converted = [erlang:convert_time_unit(5, 3, 1), erlang:convert_time_unit(-5, 3, 1),
                 erlang:convert_time_unit(7, 1, 1000), erlang:convert_time_unit(1, second, 1000000),
                 erlang:convert_time_unit(123456789, nanosecond, 1000),
                 erlang:convert_time_unit(1, 1 bsl 70, 1 bsl 71)],
    Types = [is_integer(erlang:monotonic_time(1)), is_integer(erlang:system_time(1000)),
             is_integer(erlang:monotonic_time(1 bsl 64))],
    Bad = [catch erlang:monotonic_time(0), catch erlang:system_time(-1),
           catch erlang:convert_time_unit(1, 0, second), catch erlang:monotonic_time(1.0)],
    Ordered = erlang:monotonic_time(1000) =< erlang:monotonic_time(1000),
    {Converted, Types, [element(1, element(2, B)) || B <- Bad], Ordered}.
