%% What each hand-built OTP 26 function in otp26-instructions.test.ts computes, written
%% in Erlang. OTP 25's erlc compiles it to setelement/bs_get_* instead of update_record
%% and bs_match, and erl running it gives the values the test expects.
-module(otp26_equiv).
-export([upd_ac/1, upd_b/2, upd_keeps/2, upd_literal/1,
         int_int_tail/1, abc_tail/1, exact_signed/1, skip_bits_bin/1,
         big_and_64/1, native16/1, after_unit/1, restart/1, many_tails/1,
         in_frame/1, upd_y/1, huge/1, loop/3]).

-record(r, {a, b, c}).

%% update_record copy, two fields.
upd_ac(R) -> R#r{a = 1, c = 3}.
%% update_record reuse, one field.
upd_b(R, V) -> R#r{b = V}.
%% update_record inplace must not change a tuple someone else still holds.
upd_keeps(R, V) -> {R, R#r{c = V}}.
%% update_record of a literal tuple.
upd_literal(V) -> (lit())#r{a = V}.
lit() -> #r{a = x, b = y, c = z}.

int_int_tail(B) ->
    case B of
        <<A:8, Bb:16/little, Rest/binary>> -> {A, Bb, Rest};
        _ -> nomatch
    end.

abc_tail(B) ->
    case B of
        <<"abc", X/binary>> -> X;
        _ -> nomatch
    end.

exact_signed(B) ->
    case B of
        <<A:4, S:4/signed, C:16/signed-little>> -> {A, S, C};
        _ -> nomatch
    end.

skip_bits_bin(B) ->
    case B of
        <<_:3, Bits:5/bits, Bin:2/binary, _/binary>> -> {Bits, Bin};
        _ -> nomatch
    end.

big_and_64(B) ->
    case B of
        <<N:72, 16#0102030405060708:64, T/bits>> -> {N, T};
        _ -> nomatch
    end.

native16(B) ->
    case B of
        <<X:16/native, Y:16/native-signed>> -> {X, Y};
        _ -> nomatch
    end.

after_unit(B) ->
    case B of
        <<A:8, _/binary>> -> A;
        _ -> nomatch
    end.

%% A first clause that fails after it read a byte; the second starts over.
restart(B) ->
    case B of
        <<A, 255>> -> {A};
        <<N:16>> -> N;
        _ -> nomatch
    end.

many_tails(B) ->
    case B of
        <<A:1, T/bits>> -> {A, T, T};
        _ -> nomatch
    end.

huge(B) ->
    case B of
        <<X:1073741824/binary, _/binary>> -> X;
        _ -> nomatch
    end.

in_frame(B) ->
    case B of
        <<A:8, Rest/binary>> -> {A, Rest};
        _ -> nomatch
    end.

upd_y(R) -> R#r{a = 1}.

%% Matches B afresh N times, collecting what it extracted.
loop(_B, 0, Acc) -> Acc;
loop(B, N, Acc) ->
    case B of
        <<Big:72, Bin:1/binary, L:16/little, Rest/binary>> ->
            loop(B, N - 1, [{Big, Bin, L, Rest} | Acc]);
        _ -> nomatch
    end.
