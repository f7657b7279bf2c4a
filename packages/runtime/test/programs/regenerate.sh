#!/bin/sh
# Compiles every program of the differential corpus and records what `erl` prints for it:
# the program's own output, then "=> ~w of main()" or "=> uncaught Class:Reason".
# The programs listed in old-forms.txt are also compiled with +r22 and +r24 into r22/
# and r24/ (older instruction forms: bs_put_*, make_fun2, allocate_zero, ...); they must
# print the same. Run from anywhere; needs erlc and erl (OTP 25).
set -eu
cd "$(dirname "$0")"
mkdir -p r22 r24
for source in *.erl; do
  module="${source%.erl}"
  erlc "$source"
  erl -noshell -pa . -eval "
    R = try {ok, $module:main()} catch C:E -> {uncaught, C, E} end,
    case R of
      {ok, V} -> io:format(\"=> ~w~n\", [V]);
      {uncaught, C2, E2} -> io:format(\"=> uncaught ~w:~w~n\", [C2, E2])
    end,
    halt()." > "$module.expected"
done
for module in $(cat old-forms.txt); do
  erlc +r22 -o r22 "$module.erl"
  erlc +r24 -o r24 "$module.erl"
done
