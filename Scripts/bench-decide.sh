#!/usr/bin/env bash
# Decisions per second and heap allocations per decision (issue 4's benchmark).
# Builds arbiter in release mode and ordo-one/malloc-interposer (to count allocations),
# then runs `arbiter bench decide` with the interposer preloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product arbiter
if [ ! -d .build-interposer/src ]; then
  git -c advice.detachedHead=false clone --quiet --branch 1.6.1 https://github.com/ordo-one/malloc-interposer .build-interposer/src
fi
(cd .build-interposer/src && swift build -c release --product MallocInterposerSwift --scratch-path ../build >/dev/null)
library=$(find .build-interposer/build -name 'libMallocInterposerSwift.so' | head -n 1)
LD_PRELOAD="$PWD/$library" .build/release/arbiter bench decide "$@"
