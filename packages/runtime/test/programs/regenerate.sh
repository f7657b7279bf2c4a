#!/bin/sh
# Compiles every program of the differential corpus and records what `erl` prints for it:
# the program's own output, then "=> ~w of main()" or "=> uncaught Class:Reason".
# Run from anywhere; needs erlc and erl (OTP 25).
set -eu
cd "$(dirname "$0")"
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
