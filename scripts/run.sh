#!/usr/bin/env bash
# Entry point of every npm script: bootstraps Node >= 22, installs dependencies when the lock
# file changed, applies migrations, then runs the named task. `npm run demo` and `npm test` on a
# fresh clone need nothing else.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/node-env.sh
source "$here/node-env.sh"
cd "$GRIP_ROOT"
# Prisma must always see a datasource URL: without one it cannot read the schema and tries to
# download engines (unreachable here). The demo's database is the default for every command.
export DATABASE_URL="${DATABASE_URL:-file:$GRIP_ROOT/data/grip.sqlite}"

ensure_deps() {
  local stamp=node_modules/.grip-installed
  local want
  want="$(node -v) $(sha1sum package-lock.json 2>/dev/null | cut -c1-40)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "grip: installing dependencies (npm ci) with Node $(node -v)" >&2
    if [ -f package-lock.json ]; then npm ci --no-audit --no-fund >&2; else npm install --no-audit --no-fund >&2; fi
    want="$(node -v) $(sha1sum package-lock.json | cut -c1-40)"
    echo "$want" > "$stamp"
  fi
  if [ ! -f node_modules/.prisma/client/index.js ] || [ prisma/schema.prisma -nt node_modules/.prisma/client/index.js ]; then
    npx prisma generate >/dev/null || { echo "grip: prisma generate failed" >&2; exit 1; }
  fi
}

task="${1:-}"; shift || true
case "$task" in
  setup)     ensure_deps ;;
  demo)      ensure_deps; exec npx tsx bin/demo.ts "$@" ;;
  test)      ensure_deps; exec npx tsx bin/test.ts "$@" ;;
  kpis)      ensure_deps; exec npx tsx bin/kpis.ts "$@" ;;
  sync)      ensure_deps; exec npx tsx bin/sync.ts "$@" ;;
  upload)    ensure_deps; exec npx tsx bin/upload.ts "$@" ;;
  bench)     ensure_deps; exec npx tsx bin/bench-upload.ts "$@" ;;
  build)     ensure_deps; exec npx remix vite:build "$@" ;;
  typecheck) ensure_deps; exec npx tsc --noEmit "$@" ;;
  node)      ensure_deps; exec node "$@" ;;
  *) echo "usage: scripts/run.sh setup|demo|test|kpis|sync|upload|bench|build|typecheck [args]" >&2; exit 2 ;;
esac
