-module(p033_math).
-export([main/0]).
%% The math module and float formatting of its results.
main() ->
    {math:sqrt(16), math:pow(2, 10), math:pi(), math:sin(0), math:cos(0), math:exp(1), math:log(math:exp(2)),
     math:log2(1024), math:log10(1000), math:atan2(1, 1), math:floor(-1.5), math:ceil(1.2), math:fmod(7.5, 2),
     round(math:sqrt(2) * 1000), try math:sqrt(-1) catch error:E -> E end, float(7) / 2}.
