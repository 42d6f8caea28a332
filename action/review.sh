#!/usr/bin/env bash
# action.yml's review step: runs `rust-review review` on base...head in the current directory, with
# annotations on stdout (--format github) and SARIF to a file, and records the exit status as a step
# output instead of failing, so that the SARIF upload still runs; the action fails afterwards.
#
# In:  RUST_REVIEW_BASE, RUST_REVIEW_HEAD, RUST_REVIEW_FAIL_ON, RUST_REVIEW_SARIF, RUST_REVIEW_ARGS
#      (each optional); RUST_REVIEW_CLI_JS (default $GITHUB_ACTION_PATH/dist/cli.js).
# Out: `exit-code` and `sarif-file` in $GITHUB_OUTPUT; exits 2 itself only when the review could not run.
set -uo pipefail

cli_js="${RUST_REVIEW_CLI_JS:-${GITHUB_ACTION_PATH:-.}/dist/cli.js}"
sarif="${RUST_REVIEW_SARIF:-rust-review.sarif}"
output="${GITHUB_OUTPUT:-/dev/null}"

args=(review --format github --sarif "$sarif")
if [ -n "${RUST_REVIEW_BASE:-}" ]; then args+=(--base "$RUST_REVIEW_BASE"); fi
if [ -n "${RUST_REVIEW_HEAD:-}" ]; then args+=(--head "$RUST_REVIEW_HEAD"); fi
if [ -n "${RUST_REVIEW_FAIL_ON:-}" ]; then args+=(--fail-on "$RUST_REVIEW_FAIL_ON"); fi
if [ -n "${RUST_REVIEW_ARGS:-}" ]; then
  read -r -a extra <<< "$RUST_REVIEW_ARGS"
  args+=("${extra[@]}")
fi

echo "rust-review ${args[*]}"
errors="$(mktemp)"
node "$cli_js" "${args[@]}" 2> "$errors"
status=$?
cat "$errors" >&2
echo "exit-code=$status" >> "$output"

if [ "$status" -ge 2 ]; then
  # The CLI's one-line error (a shallow clone without the base says `fetch-depth: 0`) as an annotation.
  message="$(grep -m1 '^rust-review: ' "$errors" | sed 's/^rust-review: //')"
  message="${message//'%'/'%25'}"
  echo "::error title=rust-review could not review::${message:-the review failed (exit $status)}"
  rm -f "$errors"
  exit "$status"
fi
rm -f "$errors"
echo "sarif-file=$sarif" >> "$output"
exit 0
