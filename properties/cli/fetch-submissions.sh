#!/usr/bin/env bash
# Fetches one chunk of a roster's submissions as data, for grading on GitHub
# Actions (.github/workflows/grade-roster.yml):
#   fetch-submissions.sh <roster> <chunk> <folder>
# For each repository it takes katas/linear.ts and katas/softmax.ts only, at
# the last commit before $DEADLINE (or the newest), into <folder>/<owner>__<name>/.
# Nothing of the repository runs: not its workflows, its package files or its
# hooks. $STUDENT_TOKEN, if set, reads private repositories; it is given to
# git for this step only and never written to disk. $KATA_GIT_BASE replaces
# https://github.com (the self-test serves repositories from a folder).
set -euo pipefail
roster="$1"; chunk="$2"; out="$3"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out"
auth=()
if [ -n "${STUDENT_TOKEN:-}" ]; then
  auth=(-c "http.extraHeader=Authorization: Basic $(printf 'x-access-token:%s' "$STUDENT_TOKEN" | base64 -w0)")
fi
node "$here/roster.js" repos "$roster" --chunk "$chunk" | while read -r repo; do
  folder="$out/${repo/\//__}"
  mkdir -p "$folder"
  clone="$(mktemp -d)"
  if git "${auth[@]}" clone -q --filter=blob:none --no-checkout --sparse "${KATA_GIT_BASE:-https://github.com}/$repo.git" "$clone" 2>/dev/null; then
    sha="$(git -C "$clone" rev-list -1 ${DEADLINE:+--before="$DEADLINE"} HEAD || true)"
    if [ -n "$sha" ]; then
      git -C "$clone" sparse-checkout set --no-cone /katas/linear.ts /katas/softmax.ts
      git "${auth[@]}" -C "$clone" -c core.hooksPath=/dev/null checkout -q "$sha" 2>/dev/null || true
      for f in linear.ts softmax.ts; do
        # A regular file only: a link is left behind, and the batch says the file is missing.
        if [ -f "$clone/katas/$f" ] && [ ! -L "$clone/katas/$f" ]; then cp "$clone/katas/$f" "$folder/$f"; fi
      done
      echo "$repo: $sha"
    else
      echo "$repo: no commit before ${DEADLINE:-now}"
    fi
  else
    echo "$repo: could not be fetched"
  fi
  rm -rf "$clone"
done
