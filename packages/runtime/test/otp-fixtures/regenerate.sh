#!/bin/sh
# Recompiles the OTP-behaviours fixture (written for this project) with the installed erlc.
set -e
cd "$(dirname "$0")"
erlc +deterministic otp_behaviours.erl
