#!/usr/bin/env bash
# Starts scripts/with-keyring.sh N times in a row (default 50) and fails on the first start
# that is not clean: a non-zero exit, a D-Bus activation (a second keyring daemon), or a bus
# on which anything could be activated.
#
#   bash scripts/keyring-soak.sh 50
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
runs="${1:-50}"
log="$(mktemp "${TMPDIR:-/tmp}/tokenrelay-soak.XXXXXX")"
trap 'rm -f "$log"' EXIT
check='
  names="$(dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.ListActivatableNames)"
  if [ "$(echo $names)" != "array [ org.freedesktop.DBus ]" ]; then
    echo "activatable names on the private bus: $names" >&2
    exit 1
  fi
'
for i in $(seq "$runs"); do
  if ! bash "$here/with-keyring.sh" bash -c "$check" 2>"$log"; then
    echo "keyring-soak: start $i of $runs failed:" >&2
    cat "$log" >&2
    exit 1
  fi
  if grep -q 'Activating service' "$log"; then
    echo "keyring-soak: start $i of $runs activated a D-Bus service:" >&2
    cat "$log" >&2
    exit 1
  fi
done
echo "keyring-soak: $runs of $runs starts clean"
