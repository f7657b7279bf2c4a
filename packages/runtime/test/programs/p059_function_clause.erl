-module(p059_function_clause).
-export([main/0]).
%% function_clause with the failing arguments in the stack trace's top frame.
f(a, _) -> ok.
main() -> try f(b, [x]) catch error:function_clause:St -> [{M, F, Args, _} | _] = St, {M, F, Args} end.
