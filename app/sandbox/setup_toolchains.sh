#!/usr/bin/env bash
# Toolchains the sandbox reads that Debian does not ship: TypeScript from npm, into a directory outside /root
# (0700) so the unprivileged sandbox uid can read it. Idempotent and fast when done.
set -euo pipefail
DEST=${PARLEY_TOOLCHAINS:-/opt/parley/toolchains}
TS_VERSION=5.9.3
TYPES_NODE_VERSION=20.19.25
if ! mkdir -p "$DEST" 2>/dev/null || [ ! -w "$DEST" ]; then
  echo "setup: cannot write $DEST (not root?); TypeScript runs and the C++ precompiled header will be unavailable" >&2
  exit 0
fi
# A precompiled <bits/stdc++.h> for the judge's C++ harness (same flags as the sandbox's g++ command):
# it cuts a judged C++ compile from ~2 s to a few hundred ms.
PCH="$DEST/pch/bits/stdc++.h.gch"
HEADER=$(echo | g++ -std=c++17 -x c++ -E -include bits/stdc++.h - 2>/dev/null | grep -m1 -o '/[^"]*bits/stdc++.h' || true)
if [ -n "$HEADER" ] && { [ ! -f "$PCH" ] || [ "$HEADER" -nt "$PCH" ]; }; then
  mkdir -p "$DEST/pch/bits"
  g++ -std=c++17 -O2 -x c++-header "$HEADER" -o "$PCH"
  chmod -R a+rX "$DEST/pch"
fi
# <iostream> precompiled too: a plain run whose first include it is (most hello worlds) compiles in half the time.
IOSTREAM=$(echo | g++ -std=c++17 -x c++ -E -include iostream - 2>/dev/null | grep -m1 -o '/[^"]*/iostream"' | tr -d '"' || true)
if [ -n "$IOSTREAM" ] && { [ ! -f "$DEST/pch/iostream.gch" ] || [ "$IOSTREAM" -nt "$DEST/pch/iostream.gch" ]; }; then
  mkdir -p "$DEST/pch"
  g++ -std=c++17 -O2 -x c++-header "$IOSTREAM" -o "$DEST/pch/iostream.gch" 2>/dev/null
  chmod a+r "$DEST/pch/iostream.gch"
fi
# The judge's faster prelude (app/sandbox/parley_prelude.h, cpp_prelude.py): rebuilt when the header or g++ changed.
HERE=$(cd "$(dirname "$0")" && pwd)
if [ -n "$HEADER" ] && { [ ! -f "$DEST/pch/parley_prelude.beyond" ] || ! cmp -s "$HERE/parley_prelude.h" "$DEST/pch/parley_prelude.h" \
     || [ "$HEADER" -nt "$DEST/pch/parley_prelude.beyond" ]; }; then
  echo "setup: precompiling the C++ judge's prelude into $DEST/pch (about 30 s)"
  rm -f "$DEST/pch/parley_prelude.beyond"
  python3 "$HERE/cpp_prelude.py" "$DEST/pch"
fi
if [ -f "$DEST/node_modules/typescript/package.json" ] && grep -q "\"version\": \"$TS_VERSION\"" "$DEST/node_modules/typescript/package.json"; then
  exit 0
fi
echo "setup: installing TypeScript $TS_VERSION into $DEST"
cd "$DEST"
[ -f package.json ] || echo '{"name":"parley-toolchains","private":true}' > package.json
npm install --no-audit --no-fund --silent "typescript@$TS_VERSION" "@types/node@$TYPES_NODE_VERSION"
chmod -R a+rX "$DEST"
