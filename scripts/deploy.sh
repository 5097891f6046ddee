#!/usr/bin/env bash
# Deploys the Worker to your Cloudflare account (`npm run deploy`), creating what is missing:
# the D1 database (and its migrations), the two queues, the R2 bucket, and the secrets that must
# exist before the first request (INGEST_TOKEN, ADMIN_TOKEN and PHONE_INDEX_KEY are generated
# when unset and printed once). Idempotent: run it again to deploy a new version.
# Log in first with `npx wrangler login`, or set CLOUDFLARE_API_TOKEN (and CLOUDFLARE_ACCOUNT_ID).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export WRANGLER_SEND_METRICS=false

DATABASE=voicehook
QUEUES=(voicehook-delivery voicehook-dead-letter)
BUCKET=voicehook-blobs
CONFIG=wrangler.deploy.toml

wrangler whoami >/dev/null 2>&1 || {
  echo "Not logged in to Cloudflare: run 'npx wrangler login' or set CLOUDFLARE_API_TOKEN." >&2
  exit 1
}

database_id() {
  wrangler d1 list --json 2>/dev/null |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const db=JSON.parse(s).find(d=>d.name===process.argv[1]);if(db)console.log(db.uuid)})' "$DATABASE"
}
id=$(database_id)
if [ -z "$id" ]; then
  echo "Creating the D1 database $DATABASE"
  wrangler d1 create "$DATABASE" >/dev/null
  id=$(database_id)
fi
[ -n "$id" ] || { echo "Could not find or create the D1 database $DATABASE" >&2; exit 1; }

# Creating what exists already fails harmlessly; anything else is reported.
create() {
  local out
  if ! out=$("$@" 2>&1); then
    grep -qiE 'already (exists|taken)|already own' <<<"$out" || { echo "$out" >&2; exit 1; }
  fi
}
for queue in "${QUEUES[@]}"; do create wrangler queues create "$queue"; done
create wrangler r2 bucket create "$BUCKET"

# wrangler.toml with the real database id (relative paths stay valid: same folder).
sed "s/^database_id = .*/database_id = \"$id\"/" wrangler.toml >"$CONFIG"

wrangler d1 migrations apply "$DATABASE" --remote --config "$CONFIG"
wrangler deploy --config "$CONFIG"

# Secrets the Worker needs; generated when missing (and shown once: keep them).
existing=$(wrangler secret list --config "$CONFIG" --format json 2>/dev/null || echo '[]')
for name in INGEST_TOKEN ADMIN_TOKEN PHONE_INDEX_KEY; do
  if ! grep -q "\"$name\"" <<<"$existing"; then
    value=$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64url"))')
    printf '%s' "$value" | wrangler secret put "$name" --config "$CONFIG" >/dev/null
    if [ "$name" = PHONE_INDEX_KEY ]; then
      echo "Generated PHONE_INDEX_KEY (never change it: erasure finds rows by it)."
    else
      echo "Generated $name = $value   (shown once; store it now)"
    fi
  fi
done
echo "Deployed. Set DELIVERY_URL (and DELIVERY_SIGNING_SECRET) to forward events: see README, Deploy."
