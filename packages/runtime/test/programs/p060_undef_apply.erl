-module(p060_undef_apply).
-export([main/0]).
%% undef for missing modules and functions, with the attempted call in the top frame.
main() ->
    A = try missing_mod:f(1) catch error:undef:St -> [{M, F, Args, _} | _] = St, {M, F, Args} end,
    B = try apply(lists, no_such, [x, y]) catch error:undef:St2 -> [{M2, F2, A2, _} | _] = St2, {M2, F2, A2} end,
    {A, B}.
