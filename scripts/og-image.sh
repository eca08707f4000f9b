#!/bin/sh
# og-image.sh draws static/og.png, the site's default share image (og:image
# and twitter:image, 1200 × 630 px), from scripts/og-image/og-image.html
# with headless Chromium. A maintainer's tool, run by hand after changing
# the HTML, then commit the PNG: the build only copies static/og.png.
#
#   scripts/og-image.sh            # writes static/og.png
#   CHROMIUM=/path/to/chrome scripts/og-image.sh
#
# The image depends on the fonts installed (the HTML asks for Charter, then
# DejaVu Serif and Liberation Serif; Debian: fonts-dejavu-core) and on
# Chromium's version: run on the same machine, it gives the same pixels.
set -eu
cd "$(dirname "$0")/.."
chromium=${CHROMIUM:-chromium}
html=scripts/og-image/og-image.html
out=static/og.png
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --no-first-run --hide-scrollbars \
  --force-device-scale-factor=1 --user-data-dir="$tmp/profile" \
  --window-size=1200,630 --screenshot="$tmp/og.png" "file://$PWD/$html" 2>/dev/null
# Chromium writes metadata that changes nothing visible; keep only pixels
# when an optimiser is there.
if command -v optipng >/dev/null 2>&1; then
  optipng -quiet -o2 -strip all "$tmp/og.png"
fi
mv "$tmp/og.png" "$out"
echo "wrote $out"
