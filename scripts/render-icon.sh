#!/usr/bin/env bash
# Renders resources/icon.svg (the source of the app icon) to resources/icon.png at 1024×1024
# with headless Chromium, and copies the SVG as the renderer's favicon. electron-builder derives
# the macOS .icns and Windows .ico from icon.png. Run after editing icon.svg.
set -euo pipefail
cd "$(dirname "$0")/../resources"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --hide-scrollbars --default-background-color=00000000 --window-size=1024,1024 \
  --screenshot="$PWD/icon.png" "file://$PWD/icon.svg" 2>/dev/null
cp icon.svg ../renderer/public/favicon.svg
echo "wrote resources/icon.png and renderer/public/favicon.svg"
