#!/bin/sh
# Compiles every program of the differential corpus and records what `erl` prints for it
# (differential_runner:run/1: the program's own output, then "=> ~w of main()" or
# "=> uncaught Class:Reason"). p*.erl are single-process programs, q*.erl use processes.
# The programs listed in old-forms.txt are also compiled with +r22 and +r24 into r22/ and
# r24/ (older instruction forms: bs_put_*, make_fun2, allocate_zero, no receive markers
# before +r24, ...); they must print the same (p* in differential.test.ts, q* in
# differential-runtime.test.ts). Run from anywhere; needs erlc and erl (OTP 25).
set -eu
cd "$(dirname "$0")"
mkdir -p r22 r24
erlc differential_runner.erl
for source in p*.erl q*.erl; do
  module="${source%.erl}"
  erlc "$source"
  erl -noshell -pa . -eval "differential_runner:run($module), halt()." > "$module.expected"
done
for module in $(cat old-forms.txt); do
  erlc +r22 -o r22 "$module.erl"
  erlc +r24 -o r24 "$module.erl"
done
