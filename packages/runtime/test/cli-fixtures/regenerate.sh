#!/bin/sh
# Recompiles the CLI fixtures with the installed erlc (OTP 25 here).
set -e
cd "$(dirname "$0")"
erlc +deterministic cli_demo.erl
