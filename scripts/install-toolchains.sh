#!/usr/bin/env bash
# Installs the compilers the end-to-end tests build real projects with,
# beyond what the machine has (rustc, gcc, javac, python3, node):
# clang, go, Mono's mcs, CMake (Debian packages), TypeScript and turbo
# (npm), pytest and mypy (PyPI).
# Idempotent. Puts tsc and turbo on PATH through /usr/local/bin.
set -euo pipefail

need=()
command -v clang >/dev/null || need+=(clang)
command -v go >/dev/null || need+=(golang-go)
command -v mcs >/dev/null || need+=(mono-mcs)
command -v g++ >/dev/null || need+=(g++)
command -v cmake >/dev/null || need+=(cmake)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! command -v tsc >/dev/null; then
  prefix=${BUILDFIX_NODE_PREFIX:-/opt/buildfix-node}
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --silent --no-audit --no-fund typescript@5 >/dev/null
  ln -sf "$prefix/node_modules/.bin/tsc" /usr/local/bin/tsc
fi
if ! command -v turbo >/dev/null; then
  prefix=${BUILDFIX_NODE_PREFIX:-/opt/buildfix-node}
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --silent --no-audit --no-fund turbo@2 >/dev/null
  ln -sf "$prefix/node_modules/.bin/turbo" /usr/local/bin/turbo
fi

python3 -c 'import pytest' 2>/dev/null || python3 -m pip install -q pytest >/dev/null 2>&1
python3 -c 'import mypy' 2>/dev/null || python3 -m pip install -q mypy >/dev/null 2>&1
python3 -c 'import pytest, mypy' || { echo "install-toolchains: pytest or mypy is still missing" >&2; exit 1; }

for tool in clang go mcs cmake tsc turbo gcc g++ javac python3 cargo; do
  command -v "$tool" >/dev/null || { echo "install-toolchains: $tool is still missing" >&2; exit 1; }
done
echo "toolchains: clang, go, mcs, cmake, tsc, turbo, gcc, g++, javac, python3 (pytest, mypy), cargo"
