#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a running, unlocked gnome-keyring, so
# tests exercise the real Secret Service (the same code path a Linux desktop uses).
#
#   bash scripts/with-keyring.sh npx vitest run __tests__/integration/store-keychain.test.ts
#
# Needs the packages in scripts/apt-packages.txt. The keyring lives in a throwaway directory
# (never the caller's ~/.local/share/keyrings) and is deleted afterwards.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon secret-tool; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring.sh: '$tool' not found. Install: apt-get install -y $(tr '\n' ' ' <"$(dirname "$0")/apt-packages.txt")" >&2
    exit 127
  fi
done

state="$(mktemp -d "${TMPDIR:-/tmp}/tokenrelay-keyring.XXXXXX")"
trap 'rm -rf "$state"' EXIT
export TOKENRELAY_KEYRING_STATE="$state"

# Not exec: the trap above must run once the session ends.
dbus-run-session -- bash -c '
  set -eu
  state="$TOKENRELAY_KEYRING_STATE"
  unset TOKENRELAY_KEYRING_STATE
  mkdir -m 700 "$state/data" "$state/run"
  # The password must not be empty: with an empty one gnome-keyring does not create the
  # "login" collection but asks a graphical prompter, which fails without a display.
  printf %s tokenrelay-throwaway |
    XDG_DATA_HOME="$state/data" XDG_RUNTIME_DIR="$state/run" \
      gnome-keyring-daemon --unlock --components=secrets >/dev/null
  # The daemon answers on the bus a moment after it forks; wait until a write and a read work.
  ready=""
  for _ in $(seq 50); do
    if printf ready | secret-tool store --label=tokenrelay-probe tokenrelay-probe ready 2>/dev/null &&
      [ "$(secret-tool lookup tokenrelay-probe ready 2>/dev/null)" = ready ]; then
      secret-tool clear tokenrelay-probe ready
      ready=1
      break
    fi
    sleep 0.1
  done
  if [ -z "$ready" ]; then
    echo "with-keyring.sh: gnome-keyring did not come up with an unlocked login collection" >&2
    exit 70
  fi
  exec "$@"
' with-keyring "$@"
