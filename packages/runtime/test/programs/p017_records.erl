-module(p017_records).
-export([main/0]).
%% Records: construction, update, field access, is_record (is_tagged_tuple), badrecord.
-record(person, {name, age = 0, tags = []}).
older(#person{age = A} = P) -> P#person{age = A + 1}.
main() ->
    P = #person{name = "ann", age = 30},
    Q = older(P),
    {P, Q, Q#person.age, is_record(Q, person), is_record({x}, person), #person.age,
     [N || #person{name = N} <- [P, Q, {other}]],
     try (list_to_tuple([other, 1, 2, 3]))#person.name catch error:E -> E end}.
