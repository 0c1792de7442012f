#!/usr/bin/env bash
# Toolchains the sandbox reads that Debian does not ship: TypeScript from npm, into a directory outside /root
# (0700) so the unprivileged sandbox uid can read it. Idempotent and fast when done.
set -euo pipefail
DEST=${PARLEY_TOOLCHAINS:-/opt/parley/toolchains}
TS_VERSION=5.9.3
TYPES_NODE_VERSION=20.19.25
if [ -f "$DEST/node_modules/typescript/package.json" ] && grep -q "\"version\": \"$TS_VERSION\"" "$DEST/node_modules/typescript/package.json"; then
  exit 0
fi
if ! mkdir -p "$DEST" 2>/dev/null || [ ! -w "$DEST" ]; then
  echo "setup: cannot write $DEST (not root?); TypeScript runs will be unavailable" >&2
  exit 0
fi
echo "setup: installing TypeScript $TS_VERSION into $DEST"
cd "$DEST"
[ -f package.json ] || echo '{"name":"parley-toolchains","private":true}' > package.json
npm install --no-audit --no-fund --silent "typescript@$TS_VERSION" "@types/node@$TYPES_NODE_VERSION"
chmod -R a+rX "$DEST"
