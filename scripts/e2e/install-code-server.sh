#!/usr/bin/env bash
# Installs code-server (a real VS Code workbench + extension host) under .vscode-test/code-server, once.
# Only the npm registry and Debian packages are reachable here: code-server's own postinstall (which downloads)
# is skipped and its native modules are rebuilt against Debian's node headers instead.
# See ../shared/guide/real-vscode.md. Idempotent: a marker file records a finished install.
set -euo pipefail
cd "$(dirname "$0")/../.."

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
DIR="$PWD/.vscode-test/code-server"
MARKER="$DIR/.installed-$CODE_SERVER_VERSION"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
[ -e /usr/include/krb5.h ] || [ -e /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Missing Debian packages: ${missing[*]} (install them as root: apt-get install ${missing[*]})" >&2
    exit 2
  fi
  echo "Installing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -f "$MARKER" ]; then
  exit 0
fi

echo "Installing code-server $CODE_SERVER_VERSION into $DIR (about a minute)" >&2
rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"
export npm_config_nodedir=/usr npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
echo '{"private":true}' > package.json
npm install --ignore-scripts --no-save "code-server@$CODE_SERVER_VERSION" >/dev/null
npm rebuild argon2 >/dev/null
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts >/dev/null
mkdir -p node_modules/@vscode/ripgrep/bin && cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/
npm rebuild >/dev/null
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev >/dev/null)
touch "$MARKER"
echo "code-server installed" >&2
