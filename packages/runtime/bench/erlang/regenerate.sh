#!/bin/sh
# Recompiles the benchmark workloads with the installed erlc (OTP 25 here).
set -e
cd "$(dirname "$0")"
erlc +deterministic rt_bench.erl
