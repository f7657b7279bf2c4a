-module(p154_integer_boundaries).
-export([main/0]).
%% Integer arithmetic across the representation boundaries: 28-bit smalls, one- and
%% two-digit bignums, 2^53 (where exact doubles end) and beyond, both signs, for
%% + - * div rem band bor bxor bnot bsl bsr abs and unary minus, and the worker loop of
%% the bench (a product that leaves the smalls every step).
main() ->
    Edges = lists:usort(lists:append([[E - 1, E, E + 1, -E - 1, -E, -E + 1]
                                      || P <- [0, 1, 27, 28, 31, 32, 33, 52, 53, 54, 63, 64, 65],
                                         E <- [1 bsl P]])),
    Samples = Edges ++ [3, 7, 31, 12345678901, -98765432109, 16#FFFFFF, 16#5555555555555],
    Pairs = [{A, B} || A <- Samples, B <- [1, -1, 3, -7, 16#FFFFFF, 1 bsl 27, 1 bsl 32, (1 bsl 53) - 1, -(1 bsl 53), 1 bsl 60]],
    Binary = [{A + B, A - B, A * B, A div B, A rem B, A band B, A bor B, A bxor B} || {A, B} <- Pairs],
    Unary = [{bnot A, -A, abs(A), A bsl 3, A bsr 3, A bsl 40, A bsr 40, A bsr 70} || A <- Samples],
    {erlang:phash2(Binary), length(Binary), erlang:phash2(Unary),
     lists:sublist(Binary, 1, 40), lists:sublist(Unary, 1, 20),
     compute(100000, 0), compute(1000, 16#FFFFFF)}.

compute(0, Accumulator) -> Accumulator;
compute(N, Accumulator) -> compute(N - 1, (Accumulator * 31 + N) band 16#FFFFFF).
