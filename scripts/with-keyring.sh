#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a running, unlocked gnome-keyring, so
# tests exercise the real Secret Service (the same code path a Linux desktop uses).
#
#   bash scripts/with-keyring.sh npx vitest run __tests__/integration/store-keychain.test.ts
#
# Needs the packages in scripts/apt-packages.txt. The keyring lives in a throwaway directory
# (never the caller's ~/.local/share/keyrings) and is deleted afterwards.
#
# Deterministic start: the private bus has no service directories, so nothing on it can be
# D-Bus-activated. With Debian's stock session bus, a probe sent before our unlocked daemon
# had claimed org.freedesktop.secrets activated a second, *locked* gnome-keyring that then
# owned the name (1 start in ~15 failed). Here a probe can only ever reach the daemon we
# started, and we wait for that daemon's name on the bus (NameHasOwner, which never
# activates) before the first probe.
#
# On a set-up failure the reason goes to stderr and, when TOKENRELAY_SETUP_ERROR_FILE is
# set, to that file (scripts/test.ts reports it as "setup failed … no test ran"); the exit
# code is then 70, never the wrapped command's.
set -euo pipefail

setup_failed() {
  echo "with-keyring.sh: $1" >&2
  if [ -n "${TOKENRELAY_SETUP_ERROR_FILE:-}" ]; then printf '%s\n' "$1" >"$TOKENRELAY_SETUP_ERROR_FILE"; fi
  exit 70
}

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi
for tool in dbus-run-session dbus-send gnome-keyring-daemon secret-tool; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    setup_failed "'$tool' not found. Install: apt-get install -y $(tr '\n' ' ' <"$(dirname "$0")/apt-packages.txt")"
  fi
done

state="$(mktemp -d "${TMPDIR:-/tmp}/tokenrelay-keyring.XXXXXX")" ||
  setup_failed "cannot create a throwaway keyring directory under ${TMPDIR:-/tmp}"
trap 'rm -rf "$state"' EXIT
export TOKENRELAY_KEYRING_STATE="$state"

# The stock session configuration minus <standard_session_servicedirs/>: no activation.
cat >"$state/bus.conf" <<'EOF'
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF

# Not exec: the trap above must run once the session ends.
dbus-run-session --config-file="$state/bus.conf" -- bash -c '
  set -eu
  state="$TOKENRELAY_KEYRING_STATE"
  unset TOKENRELAY_KEYRING_STATE
  fail() {
    echo "with-keyring.sh: $1" >&2
    if [ -n "${TOKENRELAY_SETUP_ERROR_FILE:-}" ]; then printf "%s\n" "$1" >"$TOKENRELAY_SETUP_ERROR_FILE"; fi
    exit 70
  }
  owned() {
    dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true
  }
  mkdir -m 700 "$state/data" "$state/run"
  if owned; then fail "org.freedesktop.secrets is already owned on a fresh private bus"; fi
  # The password must not be empty: with an empty one gnome-keyring does not create the
  # "login" collection but asks a graphical prompter, which fails without a display.
  printf %s tokenrelay-throwaway |
    XDG_DATA_HOME="$state/data" XDG_RUNTIME_DIR="$state/run" \
      gnome-keyring-daemon --unlock --components=secrets >/dev/null ||
    fail "gnome-keyring-daemon --unlock failed"
  # The daemon claims its name a moment after it forks. 300 x 0.1 s: a loaded 2-core machine.
  registered=""
  for _ in $(seq 300); do
    if owned; then registered=1; break; fi
    sleep 0.1
  done
  [ -n "$registered" ] || fail "gnome-keyring-daemon did not claim org.freedesktop.secrets on the bus within 30 s"
  # Registered is not yet serving the login collection; a probe can only reach our daemon now.
  ready=""
  for _ in $(seq 100); do
    if printf ready | secret-tool store --label=tokenrelay-probe tokenrelay-probe ready 2>/dev/null &&
      [ "$(secret-tool lookup tokenrelay-probe ready 2>/dev/null)" = ready ]; then
      secret-tool clear tokenrelay-probe ready
      ready=1
      break
    fi
    sleep 0.1
  done
  [ -n "$ready" ] || fail "gnome-keyring came up but its login collection did not accept a write and a read within 10 s"
  unset TOKENRELAY_SETUP_ERROR_FILE
  exec "$@"
' with-keyring "$@"
