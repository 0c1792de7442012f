#!/usr/bin/env bash
# Install the Debian packages Parley and its tests need, only those missing. Needs root; without it, says
# what to install and carries on (the app runs; sandboxed runs and browser tests will say what is missing).
set -euo pipefail
PACKAGES=(chromium fonts-noto-color-emoji bubblewrap python3-seccomp tini postgresql redis-server golang-go openjdk-17-jdk-headless g++ gcc coturn)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "setup: not root, skipping Debian packages. Please install: sudo apt-get install -y ${missing[*]}" >&2
  exit 0
fi
echo "setup: installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
