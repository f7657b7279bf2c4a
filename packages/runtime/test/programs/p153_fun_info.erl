-module(p153_fun_info).
-export([main/0, adder/1]).
%% erlang:fun_info/1,2, fun_info_mfa/1, fun_to_list/1 and how funs print: local funs
%% (with and without free variables, named after a local function), external funs, and
%% the badarg cases. new_uniq is the module's MD5 and pid the creator, so they are
%% compared, not printed (p-programs run without the process BIFs: no self()).
adder(N) -> fun(X) -> X + N end.

main() ->
    Add = adder(7),
    Plain = fun(X) -> X * 2 end,
    Named = fun main/0,
    External = fun lists:map/2,
    Keys = [arity, env, index, name, module, new_index, uniq, type],
    Md5 = ?MODULE:module_info(md5),
    Local = [[erlang:fun_info(F, K) || K <- Keys] || F <- [Add, Plain, Named]],
    Ext = [erlang:fun_info(External, K) || K <- Keys ++ [pid, new_uniq]],
    Whole = [[K || {K, _} <- erlang:fun_info(F)] || F <- [Add, External]],
    io:format("~w ~p~n~w ~p~n", [Add, Plain, Named, External]),
    {Local, Ext, Whole,
     [erlang:fun_info(F, new_uniq) =:= {new_uniq, Md5} || F <- [Add, Plain, Named]],
     [is_pid(element(2, erlang:fun_info(F, pid))) || F <- [Add, Plain, Named]],
     lists:keyfind(env, 1, erlang:fun_info(Add)),
     [erlang:fun_info_mfa(F) || F <- [Add, Named, External]],
     [erlang:fun_to_list(F) || F <- [Add, Plain, External]],
     [error_of(F) || F <- [fun() -> erlang:fun_info(Add, foo) end, fun() -> erlang:fun_info(x, arity) end,
                           fun() -> erlang:fun_info(Add, "arity") end, fun() -> erlang:fun_to_list(1) end,
                           fun() -> erlang:fun_info_mfa({a, b}) end]]}.

error_of(F) ->
    try F() catch Class:Reason -> {Class, Reason} end.
