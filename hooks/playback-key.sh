#!/usr/bin/env bash
# Makes the key that signs playlist URLs, once per azd environment, and keeps it in the environment's settings.
# Rotating: add the old key as Playback__Keys__1__* on the app, set a new PLAYBACK_KEY, `azd provision`.
set -euo pipefail

if [ -z "$(azd env get-value PLAYBACK_KEY 2>/dev/null || true)" ]; then
  azd env set PLAYBACK_KEY "$(openssl rand -base64 32)" >/dev/null
  echo "Made a playlist signing key for this environment."
fi
