#!/bin/sh
# Regenerates fixtures/otp-forms/*.beam: each module compiled by the installed erlc with
# +r22, +r23, +r24 (the older instruction forms) and with the default options.
set -eu
cd "$(dirname "$0")/../fixtures/otp-forms"
for erl in *.erl; do
  module=$(basename "$erl" .erl)
  for release in r22 r23 r24 default; do
    dir="build-$release"
    mkdir -p "$dir"
    if [ "$release" = default ]; then erlc -o "$dir" "$erl"; else erlc "+$release" -o "$dir" "$erl"; fi
  done
done
echo "built $(ls build-*/*.beam | wc -l) fixture files"
