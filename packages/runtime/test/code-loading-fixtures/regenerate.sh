#!/usr/bin/env bash
# Compiles the code-loading fixtures (sources in src/, written for this project):
# cl_demo into ., the modules the tests pass as binaries into v1/ v2/ v3/ (versions),
# and the modules loaded on demand into lib/ (only on the code path).
set -euo pipefail
cd "$(dirname "$0")"
erlc -o . src/cl_demo.erl
erlc -o lib src/cl_lib.erl src/cl_lib_apply.erl src/cl_lib_fun.erl src/cl_lib_onload.erl src/cl_once.erl
erlc -DVERSION=1 -o lib src/cl_lam.erl
erlc -DVERSION=2 -o v2 src/cl_lam.erl
erlc -DVERSION=1 -DRESULT=ok -o v1 src/cl_mod.erl src/cl_onload_ver.erl
erlc -DVERSION=2 '-DRESULT={error,v2_refused}' -o v2 src/cl_mod.erl src/cl_onload_ver.erl
erlc -DVERSION=3 -DRESULT=ok -o v3 src/cl_onload_ver.erl
erlc -o v1 src/cl_onload_ok.erl src/cl_onload_err.erl src/cl_onload_raise.erl src/cl_onload_loads.erl
