#!/usr/bin/env bash
# Re-fetch the vendored Leaflet assets into static/vendor/ from the npm registry.
#
# The dashboard runs on office networks without internet, so folium's CDN links
# are replaced by files served by Streamlit from static/ (/app/static/vendor/...).
# The versions are the ones folium 0.20 references:
#   leaflet 1.9.3                (folium/folium.py)
#   leaflet.markercluster 1.1.0  (folium/plugins/marker_cluster.py)
#
# Idempotent: running it again rewrites the same files. It uses only `npm pack`
# (the registry's published tarballs) and prints each tarball's shasum/integrity,
# which must match static/vendor/README.md.
#
# Usage: bash scripts/fetch_vendor.sh   (from anywhere inside the repository)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/static/vendor"
LEAFLET_VERSION="1.9.3"
MARKERCLUSTER_VERSION="1.1.0"

command -v npm >/dev/null || { echo "npm is required" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

cd "$TMP"
npm pack --silent --json "leaflet@${LEAFLET_VERSION}" "leaflet.markercluster@${MARKERCLUSTER_VERSION}" > pack.json
node -e '
const d = require("./pack.json");
for (const p of d) console.log(`${p.name}@${p.version} ${p.filename} shasum=${p.shasum} integrity=${p.integrity}`);
'

mkdir leaflet markercluster
tar -xzf "leaflet-${LEAFLET_VERSION}.tgz" -C leaflet
tar -xzf "leaflet.markercluster-${MARKERCLUSTER_VERSION}.tgz" -C markercluster

# leaflet -> static/vendor/leaflet/
dst="$VENDOR/leaflet"
rm -rf "$dst"
mkdir -p "$dst/images"
cp leaflet/package/dist/leaflet.js leaflet/package/dist/leaflet.css "$dst/"
for img in marker-icon.png marker-icon-2x.png marker-shadow.png layers.png layers-2x.png; do
  cp "leaflet/package/dist/images/$img" "$dst/images/"
done
cp leaflet/package/LICENSE "$dst/LICENSE"

# leaflet.markercluster -> static/vendor/leaflet.markercluster/
dst="$VENDOR/leaflet.markercluster"
rm -rf "$dst"
mkdir -p "$dst"
cp markercluster/package/dist/leaflet.markercluster.js \
   markercluster/package/dist/MarkerCluster.css \
   markercluster/package/dist/MarkerCluster.Default.css "$dst/"
cp markercluster/package/MIT-LICENCE.txt "$dst/LICENSE"

echo "Vendored files written to $VENDOR:"
(cd "$VENDOR" && find leaflet leaflet.markercluster -type f | sort | while read -r f; do
  printf '  %s  %s\n' "$(sha256sum "$f" | cut -c1-16)" "$f"
done)
