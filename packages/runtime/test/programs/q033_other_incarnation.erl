-module(q033_other_incarnation).
-export([main/0]).
%% A pid or ref of this node's name but another creation (binary_to_term of self() or of
%% make_ref() with creation 1) is another incarnation of this node, as on erl: node/1 is
%% this node, it never equals the own term, compares above it, round-trips through
%% term_to_binary with its creation, hashes (phash2) as the own term, and its process
%% is dead: is_process_alive/1 false, process_info/2 undefined, monitor/2 a 'DOWN' with
%% noproc at once, link/1 noproc (an 'EXIT' message when trapping exits), exit/2 and
%% unlink/1 true. A pid of another node
%% stays badarg for is_process_alive/1. (Sending to one is not tried here: erl logs an
%% error report with a timestamp.)
main() ->
    Self = self(),
    Older = incarnation(Self, 1),
    Same = incarnation(Self, 0),
    Ref = make_ref(),
    OlderRef = incarnation(Ref, 1),
    T = fun(F) -> try F() catch C:R -> {C, R} end end,
    Pid = [Same =:= Self, Older =:= Self, Older > Self, node(Older) =:= node(), is_pid(Older),
           binary_to_term(term_to_binary(Older)) =:= Older,
           creation(term_to_binary(Older)), creation(term_to_binary(Same)),
           is_process_alive(Older), erlang:process_info(Older, status),
           %% erl's phash2 leaves the creation out; two incarnations sort by creation
           erlang:phash2(Older) =:= erlang:phash2(Self), map_size(#{Self => 1, Older => 2}),
           lists:sort([incarnation(Self, 2), Older, Self]) =:= [Self, Older, incarnation(Self, 2)]],
    Refs = [incarnation(Ref, 0) =:= Ref, OlderRef =:= Ref, node(OlderRef) =:= node(), OlderRef > Ref,
            creation(term_to_binary(OlderRef)), erlang:phash2(OlderRef) =:= erlang:phash2(Ref)],
    Signals = in_fresh_process(fun() -> signals(Older) end),
    Foreign = binary_to_term(<<131, 88, 100, 0, 7, "foo@bar", 0:32, 0:32, 0:32>>),
    Remote = [node(Foreign), T(fun() -> is_process_alive(Foreign) end), Foreign =:= Older],
    {Pid, Refs, Signals, Remote}.

%% In a process of its own, which does not trap exits until told to (the process
%% running main/0 may).
in_fresh_process(F) ->
    Parent = self(),
    Child = spawn(fun() -> Parent ! {self(), F()} end),
    receive {Child, Result} -> Result after 5000 -> timeout end.

signals(Older) ->
    T = fun(F) -> try F() catch C:R -> {C, R} end end,
    M = erlang:monitor(process, Older),
    Down = receive {'DOWN', M, process, P1, Why} -> {P1 =:= Older, Why} after 1000 -> no_down end,
    NotTrapping = T(fun() -> link(Older) end),
    process_flag(trap_exit, true),
    Trapping = T(fun() -> link(Older) end),
    Exit = receive {'EXIT', P2, Reason} -> {P2 =:= Older, Reason} after 1000 -> no_exit end,
    [Down, element(1, NotTrapping), element(2, NotTrapping), Trapping, Exit, exit(Older, kill),
     unlink(Older), erlang:demonitor(M, [info])].

%% The pid or ref re-encoded with creation C.
incarnation(Term, C) ->
    case term_to_binary(Term) of
        <<131, 88, 100, L:16, Name:L/binary, NS:8/binary, _:32>> -> binary_to_term(<<131, 88, 100, L:16, Name/binary, NS/binary, C:32>>);
        <<131, 90, N:16, 100, L:16, Name:L/binary, _:32, Ws/binary>> -> binary_to_term(<<131, 90, N:16, 100, L:16, Name/binary, C:32, Ws/binary>>)
    end.

creation(<<131, 88, 100, L:16, _:L/binary, _:8/binary, C:32>>) -> C;
creation(<<131, 90, _:16, 100, L:16, _:L/binary, C:32, _/binary>>) -> C.
