#!/bin/sh
# A nightly report, run by cron (crontab: `15 2 * * * /usr/local/bin/nightly-report.sh`).
# The secret stays out of argv and shell history: it comes from a root-only file through the
# environment. The token is the only thing on stdout. cron gives no TTY and no D-Bus session,
# so a login kept in the OS keychain is out of reach here: use client credentials (below), or
# `tokenrelay auth login --insecure-storage` once as this user.
set -eu
# cron's PATH is /usr/bin:/bin; tokenrelay and Node 22+ usually live in /usr/local/bin.
PATH=/usr/local/bin:/usr/bin:/bin
export PATH
SECRET_FILE=/etc/nightly-report/client-secret
REPORT=/var/reports/nightly.json

export TOKENRELAY_ISSUER=https://auth.example.com
export TOKENRELAY_CLIENT_ID=nightly-report
TOKENRELAY_CLIENT_SECRET="$(cat "$SECRET_FILE")"
export TOKENRELAY_CLIENT_SECRET

# Exit codes: 4 = credentials rejected (fix the secret), 5 = server unavailable (retry later),
# 127 = tokenrelay not installed (or not on the PATH above).
status=0
TOKEN="$(tokenrelay exchange --scope read)" || status=$?
if [ "$status" -ne 0 ]; then
  echo "nightly-report: tokenrelay failed with exit $status" >&2
  exit "$status"
fi
curl -fsS -H "Authorization: Bearer $TOKEN" https://api.example.com/reports/nightly > "$REPORT"
