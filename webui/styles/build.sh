#!/usr/bin/env bash
# Rebuilds webui/static/mieux.css from the npm registry's packages (versions in package.json).
# Only needed after changing the .scss files or the versions below; the output is committed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
cp "$here"/*.scss "$here/package.json" "$work"/
(cd "$work" && npm install --silent --no-audit --no-fund >/dev/null)
"$work/node_modules/.bin/sass" --no-source-map --style=compressed --quiet-deps \
    --load-path="$work/node_modules" "$work/mieux.scss" "$here/../static/mieux.css"
rm -rf "$work"
