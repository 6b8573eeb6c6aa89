#!/usr/bin/env bash
# azd prepackage hook of service "api": puts a pinned, checksum-verified static ffmpeg and ffprobe (Linux x86_64,
# what Flex Consumption runs) into functions/Netflix.Functions/tools/ffmpeg/, which the app's publish output carries.
# Runs on the deployer's machine, whatever its OS or CPU; only the downloaded binaries must be Linux x86_64.
set -euo pipefail

# The pin. FFMPEG_VERSION and FFMPEG_SHA256 change together, never one alone.
# Build: John Van Sickle's static release (GPLv3; libx264, libx265, libvpx, libaom, libopus, ...), the tarball
#   https://johnvansickle.com/ffmpeg/releases/ffmpeg-${FFMPEG_VERSION}-amd64-static.tar.xz
# which moves to .../old-releases/ once a newer release is out (same bytes, hence the fallback URL).
# Hash: SHA-256 of that tarball (41,888,096 bytes for 7.0.2); upstream publishes only an MD5 beside it
# (<tarball>.md5). To bump: download the new tarball, check it against its .md5, then record `sha256sum <tarball>`.
FFMPEG_VERSION="7.0.2"
FFMPEG_SHA256="abda8d77ce8309141f83ab8edf0596834087c52467f6badf376a6a2a4c87cf67"

name="ffmpeg-${FFMPEG_VERSION}-amd64-static"
urls=(
  "https://johnvansickle.com/ffmpeg/releases/${name}.tar.xz"
  "https://johnvansickle.com/ffmpeg/old-releases/${name}.tar.xz"
)

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${root}/functions/Netflix.Functions/tools/ffmpeg"
stamp="${dest}/VERSION"
cache="${XDG_CACHE_HOME:-${HOME}/.cache}/netflix-ffmpeg"
tarball="${cache}/${name}.tar.xz"

fail() {
  echo "fetch-ffmpeg: $*" >&2
  exit 1
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d' ' -f1
  else
    fail "neither sha256sum nor shasum is installed: cannot verify the download"
  fi
}

download() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 3 -o "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$2" "$1"
  else
    fail "neither curl nor wget is installed"
  fi
}

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "${FFMPEG_VERSION} ${FFMPEG_SHA256}" ] &&
  [ -f "${dest}/ffmpeg" ] && [ -f "${dest}/ffprobe" ]; then
  echo "fetch-ffmpeg: ffmpeg ${FFMPEG_VERSION} already in ${dest}"
  exit 0
fi

mkdir -p "$cache"
if [ ! -f "$tarball" ] || [ "$(sha256_of "$tarball")" != "$FFMPEG_SHA256" ]; then
  rm -f "$tarball"
  for url in "${urls[@]}"; do
    echo "fetch-ffmpeg: downloading ${url}"
    if download "$url" "${tarball}.part"; then
      break
    fi
    rm -f "${tarball}.part"
  done
  [ -f "${tarball}.part" ] || fail "could not download ${name}.tar.xz from any of: ${urls[*]}"

  actual="$(sha256_of "${tarball}.part")"
  if [ "$actual" != "$FFMPEG_SHA256" ]; then
    rm -f "${tarball}.part"
    echo "fetch-ffmpeg: CHECKSUM MISMATCH for ${name}.tar.xz" >&2
    echo "fetch-ffmpeg:   expected ${FFMPEG_SHA256}" >&2
    echo "fetch-ffmpeg:   actual   ${actual}" >&2
    fail "refusing to ship an unverified ffmpeg; nothing was packaged"
  fi
  mv "${tarball}.part" "$tarball"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xJf "$tarball" -C "$work"
if [ ! -f "${work}/${name}/ffmpeg" ] || [ ! -f "${work}/${name}/ffprobe" ]; then
  fail "${name}.tar.xz has no ${name}/ffmpeg and ffprobe"
fi

rm -rf "$dest"
mkdir -p "$dest"
cp "${work}/${name}/ffmpeg" "${work}/${name}/ffprobe" "$dest/"
chmod 755 "${dest}/ffmpeg" "${dest}/ffprobe"
# The GPL travels with the binaries.
for doc in GPLv3.txt readme.txt; do
  if [ -f "${work}/${name}/${doc}" ]; then cp "${work}/${name}/${doc}" "$dest/"; fi
done
# A build artefact, not source: keep it out of git without touching the repository's .gitignore.
printf '*\n' >"${dest}/.gitignore"
echo "${FFMPEG_VERSION} ${FFMPEG_SHA256}" >"$stamp"

if [ "$(uname -s)" = "Linux" ] && [ "$(uname -m)" = "x86_64" ]; then
  "${dest}/ffmpeg" -hide_banner -version | head -n 1
fi
echo "fetch-ffmpeg: ffmpeg and ffprobe ${FFMPEG_VERSION} (sha256 verified) are in ${dest}"
