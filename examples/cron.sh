#!/bin/sh
# A nightly report, run by cron. The secret stays out of argv and shell history: it comes
# from a root-only file through the environment. The token is the only thing on stdout.
set -eu
export TOKENRELAY_ISSUER=https://auth.example.com
export TOKENRELAY_CLIENT_ID=nightly-report
TOKENRELAY_CLIENT_SECRET="$(cat /etc/nightly-report/client-secret)"
export TOKENRELAY_CLIENT_SECRET

# Exit codes: 4 = credentials rejected (fix the secret), 5 = server unavailable (retry later).
TOKEN="$(tokenrelay exchange --scope reports:read)" || {
  status=$?
  echo "tokenrelay failed with exit $status" >&2
  exit "$status"
}
curl -fsS -H "Authorization: Bearer $TOKEN" https://api.example.com/reports/nightly > /var/reports/nightly.json
