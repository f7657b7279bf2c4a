#!/bin/sh
# Recompiles the process and hot-loading fixtures with the installed erlc (OTP 25 here).
set -e
cd "$(dirname "$0")"
erlc +deterministic proc_demo.erl hot.erl load_demo.erl fire.erl timed_wait.erl trace_demo.erl gen_gc.erl
erlc +deterministic -o v2 v2/hot.erl
erlc +deterministic receive_markers.erl
erlc +deterministic +r23 -o r23 receive_markers.erl
