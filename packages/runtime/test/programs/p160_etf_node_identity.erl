-module(p160_etf_node_identity).
-export([main/0]).
%% binary_to_term of pids, ports and references that name this node ('nonode@nohost',
%% creation 0, on erl -noshell as here): numbers this node cannot have are badarg (pid
%% number >= 2^15, serial >= 2^13, port >= 2^28, a ref of more than 3 numbers or a first
%% number >= 2^18); another creation is another incarnation, an external term kept whole
%% (node/1 is still this node's name, but it never equals this node's own term); one-byte
%% creations over 3 are badarg for any node; a short ref of this node is padded to 3.
main() ->
    [{Name, outcome(Bytes)} || {Name, Bytes} <- cases()].

outcome(Bytes) ->
    try binary_to_term(Bytes) of
        Term -> {shown(Term), node_of(Term), term_to_binary(Term) =:= Bytes, term_to_binary(Term)}
    catch
        error:badarg -> badarg
    end.

%% erl prints another node's pid, port or ref with its distribution channel number,
%% which a runtime without distribution does not have: shown only by its bytes.
shown(Term) ->
    case node_of(Term) of
        foo@bar -> of_foo_bar;
        _ -> Term
    end.

node_of(T) when is_pid(T); is_port(T); is_reference(T) -> node(T);
node_of(_) -> not_an_identity.

n() -> <<100, 0, 13, "nonode@nohost">>.
foo() -> <<100, 0, 7, "foo@bar">>.
ws(Numbers) -> << <<W:32>> || W <- Numbers >>.

cases() ->
    N = n(),
    [{pid_max, <<131, 88, N/binary, 32767:32, 8191:32, 0:32>>},
     {pid_number_over, <<131, 88, N/binary, 32768:32, 0:32, 0:32>>},
     {pid_serial_over, <<131, 88, N/binary, 0:32, 8192:32, 0:32>>},
     {pid_words_full, <<131, 88, N/binary, 16#ffffffff:32, 16#ffffffff:32, 0:32>>},
     {pid_other_creation, <<131, 88, N/binary, 32768:32, 8192:32, 1:32>>},
     {pid_other_creation_full, <<131, 88, N/binary, 16#ffffffff:32, 16#ffffffff:32, 16#ffffffff:32>>},
     {old_pid, <<131, 103, N/binary, 5:32, 1:32, 0>>},
     {old_pid_creation_3, <<131, 103, N/binary, 5:32, 1:32, 3>>},
     {old_pid_creation_4, <<131, 103, N/binary, 5:32, 1:32, 4>>},
     {old_pid_over, <<131, 103, N/binary, 32768:32, 1:32, 0>>},
     {foreign_pid_full, <<131, 88, (foo())/binary, 16#ffffffff:32, 16#ffffffff:32, 0:32>>},
     {foreign_old_pid_creation_4, <<131, 103, (foo())/binary, 0:32, 0:32, 4>>},
     {port_max, <<131, 89, N/binary, (1 bsl 28 - 1):32, 0:32>>},
     {port_over, <<131, 89, N/binary, (1 bsl 28):32, 0:32>>},
     {port_other_creation, <<131, 89, N/binary, (1 bsl 28):32, 1:32>>},
     {v4_port, <<131, 120, N/binary, 7:64, 0:32>>},
     {v4_port_over, <<131, 120, N/binary, (1 bsl 32):64, 0:32>>},
     {v4_port_other_creation, <<131, 120, N/binary, (1 bsl 63):64, 2:32>>},
     {old_port, <<131, 102, N/binary, 9:32, 0>>},
     {old_port_creation_4, <<131, 102, N/binary, 9:32, 4>>},
     {ref_1, <<131, 90, 1:16, N/binary, 0:32, (ws([7]))/binary>>},
     {ref_3, <<131, 90, 3:16, N/binary, 0:32, (ws([7, 0, 0]))/binary>>},
     {ref_4, <<131, 90, 4:16, N/binary, 0:32, (ws([7, 6, 5, 4]))/binary>>},
     {ref_first_over, <<131, 90, 3:16, N/binary, 0:32, (ws([1 bsl 18, 0, 0]))/binary>>},
     {ref_first_max, <<131, 90, 3:16, N/binary, 0:32, (ws([1 bsl 18 - 1, 16#ffffffff, 16#ffffffff]))/binary>>},
     {ref_other_creation_5, <<131, 90, 5:16, N/binary, 1:32, (ws([16#ffffffff, 4, 3, 2, 1]))/binary>>},
     {ref_other_creation_6, <<131, 90, 6:16, N/binary, 1:32, (ws([1, 2, 3, 4, 5, 6]))/binary>>},
     {foreign_ref_5, <<131, 90, 5:16, (foo())/binary, 0:32, (ws([16#ffffffff, 4, 3, 2, 1]))/binary>>},
     {new_ref, <<131, 114, 2:16, N/binary, 0, (ws([7, 8]))/binary>>},
     {new_ref_first_over, <<131, 114, 3:16, (foo())/binary, 1, (ws([1 bsl 18, 0, 0]))/binary>>},
     {new_ref_creation_4, <<131, 114, 1:16, (foo())/binary, 4, (ws([1]))/binary>>},
     {old_ref, <<131, 101, N/binary, 7:32, 0>>},
     {old_ref_other_creation, <<131, 101, N/binary, 7:32, 2>>},
     {old_ref_over, <<131, 101, (foo())/binary, (1 bsl 18):32, 0>>},
     {short_ref_equals_padded, equal(<<131, 90, 1:16, N/binary, 0:32, (ws([7]))/binary>>, <<131, 90, 3:16, N/binary, 0:32, (ws([7, 0, 0]))/binary>>)},
     {incarnations_differ, equal(<<131, 88, N/binary, 5:32, 1:32, 0:32>>, <<131, 88, N/binary, 5:32, 1:32, 1:32>>)},
     {in_a_list, <<131, 108, 2:32, 88, N/binary, 32768:32, 0:32, 0:32, 97, 1, 106>>}].

%% A case whose "bytes" are a comparison already made: encodes the boolean as ETF.
equal(A, B) -> term_to_binary(binary_to_term(A) =:= binary_to_term(B)).
