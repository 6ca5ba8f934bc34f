#!/usr/bin/env bash
# The GitHub Action's scan step (action.yml runs it; tests run it locally with the same variables).
# Builds secretscan from the Action's own checkout (no registry package involved), then scans the
# pull request's commits (base..head) or, on other events, the whole history, and writes the
# report path to $GITHUB_OUTPUT. Exit code: secretscan's (0 clean, 1 findings at --fail-on, 2 error).
set -euo pipefail

action_dir="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
workspace="${GITHUB_WORKSPACE:-$PWD}"
format="${INPUT_FORMAT:-sarif}"
fail_on="${INPUT_FAIL_ON:-info}"
range="${INPUT_RANGE:-}"
case "$format" in
  gitlab) default_output=gl-secret-detection-report.json ;;
  text) default_output=secretscan.txt ;;
  *) default_output="secretscan.$format" ;;
esac
output="${INPUT_OUTPUT:-$default_output}"

if [ ! -f "$action_dir/dist/bundle/cli.js" ]; then
  echo "secretscan: building from $action_dir" >&2
  (cd "$action_dir" && npm ci --no-audit --no-fund --loglevel=error >&2 && npm run --silent build >&2)
fi

if [ -z "$range" ] && [ -n "${PR_BASE_SHA:-}" ] && [ -n "${PR_HEAD_SHA:-}" ]; then
  range="$PR_BASE_SHA..$PR_HEAD_SHA"
fi
args=(history "$workspace" --format "$format" --output "$output" --fail-on "$fail_on" --no-progress)
if [ -n "$range" ]; then args+=(--range "$range"); fi

echo "report=$output" >> "${GITHUB_OUTPUT:-/dev/null}"
cd "$workspace"
set +e
node "$action_dir/bin/secretscan.js" "${args[@]}"
status=$?
set -e
if [ "$status" -eq 1 ]; then echo "::error::secretscan found secrets (report: $output)"; fi
exit "$status"
