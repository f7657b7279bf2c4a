#!/bin/sh
# Regenerates the .beam fixtures from test/fixtures/src/*.erl with the installed erlc.
# Each variant goes to its own directory under test/fixtures/:
#   default  r22  r23  r24  compressed  slim  stripped (beam_lib:strip of default)
set -eu
cd "$(dirname "$0")/../test/fixtures"
for variant in default r22 r23 r24 compressed slim; do
  rm -rf "$variant" && mkdir "$variant"
  case "$variant" in
    default) options="" ;;
    *) options="+$variant" ;;
  esac
  for source in src/*.erl; do
    erlc $options -I src -o "$variant" "$source"
  done
done
rm -rf stripped && mkdir stripped && cp default/*.beam stripped/
erl -noshell -eval '
  Files = filelib:wildcard("stripped/*.beam"),
  [{ok, _} = beam_lib:strip(F) || F <- Files],
  halt().'
erl -noshell -eval 'io:format("~s~n", [erlang:system_info(otp_release)]), halt().' > OTP_RELEASE
