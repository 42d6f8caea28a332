#!/usr/bin/env bash
# action.yml: installs and builds the CLI from the action's own checkout ($GITHUB_ACTION_PATH).
set -euo pipefail
cd "${GITHUB_ACTION_PATH:?set by the runner}"
if [ -f dist/cli.js ]; then exit 0; fi
# Dependencies' install scripts are not needed (tree-sitter and squawk ship prebuilt files).
npm ci --no-audit --no-fund --ignore-scripts
npm run -s build
