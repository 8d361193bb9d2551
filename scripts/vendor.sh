#!/usr/bin/env bash
# Copy only the front-end files we serve from node_modules into var/vendor (see STATICFILES_DIRS).
set -euo pipefail
cd "$(dirname "$0")/.."
out=var/vendor/vendor
mkdir -p "$out/fonts"
cp node_modules/@utrecht/component-library-css/dist/index.css "$out/utrecht.css"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx.min.js"
cp node_modules/@fontsource-variable/noto-sans/files/noto-sans-latin-wght-normal.woff2 "$out/fonts/"
cp node_modules/@fontsource-variable/noto-sans/files/noto-sans-latin-wght-italic.woff2 "$out/fonts/"
