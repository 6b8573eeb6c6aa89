#!/usr/bin/env bash
# azd postdeploy hook (also runnable by hand after `azd provision`): publishes the player and upload pages to the
# static website ($web) of the site storage account that Front Door serves at "/", with hls.js from npm.
# Needs the Azure CLI signed in (`az login`) as the same principal azd deployed with: upload is by Entra ID only.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
pages="${root}/functions/Netflix.Local"

fail() {
  echo "deploy-web: $*" >&2
  exit 1
}

# azd passes its environment to hooks; by hand, read it from azd.
if [ -z "${AZURE_SITE_STORAGE_ACCOUNT:-}" ]; then
  command -v azd >/dev/null 2>&1 || fail "AZURE_SITE_STORAGE_ACCOUNT is not set and azd is not installed"
  set -a
  eval "$(cd "$root" && azd env get-values)"
  set +a
fi
for var in AZURE_SITE_STORAGE_ACCOUNT AZURE_RESOURCE_GROUP AZURE_FRONT_DOOR_PROFILE_NAME AZURE_FRONT_DOOR_ENDPOINT_NAME AZURE_CDN_ENDPOINT_HOST; do
  [ -n "${!var:-}" ] || fail "${var} is not set: run 'azd provision' first"
done
command -v az >/dev/null 2>&1 || fail "the Azure CLI (az) is required"
command -v npm >/dev/null 2>&1 || fail "npm is required (hls.js comes from npm)"
az account show >/dev/null 2>&1 || fail "the Azure CLI is not signed in: run 'az login' (same tenant and account as azd)"

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT

cp -R "${pages}/wwwroot/." "$staging/"
# hls.js at the version package-lock.json pins, as the local build does.
npm ci --prefix "$pages" --no-audit --no-fund --loglevel=error
mkdir -p "${staging}/lib"
cp "${pages}/node_modules/hls.js/dist/hls.min.js" "${staging}/lib/hls.min.js"

# A fresh role assignment can take a few minutes to reach the storage data plane: retry on failure.
attempt=1
until az storage blob upload-batch \
  --auth-mode login \
  --account-name "$AZURE_SITE_STORAGE_ACCOUNT" \
  --destination "\$web" \
  --source "$staging" \
  --overwrite \
  --content-cache-control 'public, max-age=300' \
  --only-show-errors \
  --output none; do
  if [ "$attempt" -ge 6 ]; then
    fail "upload to ${AZURE_SITE_STORAGE_ACCOUNT}/\$web failed $attempt times (does the signed-in principal have Storage Blob Data Contributor on it?)"
  fi
  echo "deploy-web: upload failed (attempt ${attempt}); retrying in 30 s while the role assignment propagates" >&2
  attempt=$((attempt + 1))
  sleep 30
done

# Pages carry max-age=300 anyway; the purge makes a new deploy visible at once.
az afd endpoint purge \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --profile-name "$AZURE_FRONT_DOOR_PROFILE_NAME" \
  --endpoint-name "$AZURE_FRONT_DOOR_ENDPOINT_NAME" \
  --content-paths '/*' \
  --no-wait \
  --only-show-errors

echo "deploy-web: pages published; player at https://${AZURE_CDN_ENDPOINT_HOST}/ (a new Front Door endpoint can take a few minutes to answer)"
