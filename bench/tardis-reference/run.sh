#!/usr/bin/env bash
# Runs the tardis-dev reference for `dpp bench feed` on a capture:
#   bench/tardis-reference/run.sh VENUE CAPTURE [SECONDS]
# Installs the pinned tardis-dev from the npm registry on first use (into node_modules here,
# which git ignores). Needs Node.js 18+.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v node >/dev/null || { echo "run.sh: Node.js is needed (apt-get install nodejs npm)" >&2; exit 1; }
if [ ! -d "$here/node_modules/tardis-dev" ]; then
  (cd "$here" && npm install --no-audit --no-fund --silent)
fi
exec node "$here/reference.js" "$@"
