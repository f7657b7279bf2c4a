#!/usr/bin/env bash
# Prepares a fresh Debian machine with Node.js 20 for beamload: pnpm 10, Erlang/OTP
# (the oracle every decoder and the runtime are checked against), Chromium (renders the
# bench report in a test), then the workspace's npm packages and a build.
# Idempotent: what is already installed is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version | cut -d. -f1)" != "10" ]; then
  # corepack cannot verify registry signatures on these machines; npm can install pnpm.
  say "installing pnpm 10"
  npm install -g pnpm@10 >/dev/null
fi

missing=()
command -v erl >/dev/null 2>&1 || missing+=(erlang-nox)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${missing[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    say "missing ${missing[*]}: install them (the OTP differential suites and the report test skip without them)"
  fi
fi

say "installing workspace packages"
pnpm install --frozen-lockfile
say "building"
pnpm build
