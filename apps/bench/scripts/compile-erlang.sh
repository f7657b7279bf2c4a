#!/usr/bin/env bash
# Regenerates the committed workload .beam files in erlang/ebin from erlang/*.erl.
# Needs erlc (Erlang/OTP 25 was used for the committed files).
set -euo pipefail
cd "$(dirname "$0")/../erlang"
mkdir -p ebin
erlc +deterministic -o ebin ./*.erl
ls -1 ebin
