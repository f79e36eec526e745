#!/usr/bin/env bash
# Rebuild docs/screenshot.png: the example article, annotated through the command line, then
# the window rendered offscreen. Run from the repository with Sourcemark installed:
#   bash docs/screenshot.sh [path/to/sourcemark]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
sourcemark="${1:-sourcemark}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export SOURCEMARK_HOME="$work/home" SOURCEMARK_ANNOTATOR="analyst" QT_QPA_PLATFORM=offscreen
sm() { "$sourcemark" --db "$work/example.sourcemark" "$@" >/dev/null; }

sm import resources/erbil-drone.txt
sm articles edit 1 --title "Malfunctioning drone may have averted a deeper U.S. role, officials say" \
    --outlet "Example Wire" --published 2023-11-05
sm annotate 1 --quote "two anonymous U.S. officials familiar with the matter" \
    --tag "Anonymous official" --cue "according to" --quote-form indirect
sm annotate 1 --quote "David Schenker from the Washington Institute for Near East Policy" \
    --tag Expert --speaker "David Schenker" --affiliation "Washington Institute for Near East Policy"
sm annotate 1 --quote "The possibility of a major strike that draws America into a conflict is a very realistic concern." \
    --tag Expert --speaker "David Schenker" --affiliation "Washington Institute for Near East Policy" \
    --cue "noted" --quote-form direct
sm annotate 1 --quote "Fortunately, only one service member suffered a concussion." --tag "Unattributed claim"
sm annotate 1 --quote "Tehran indicated that the militias in Iraq make independent decisions, and Iran wouldn’t interfere" \
    --tag "Organisation statement or spokesperson" --speaker "Iranian government" --cue "indicated"
sm annotate 1 --quote "critics argue that a more assertive approach is needed to deter further attacks" \
    --tag "Anonymous other source" --cue "argue"
sm review 1 --status confirmed
sm review 3 --status confirmed
sm review 5 --status needs-check --note "Who in Tehran?"
"$sourcemark" --db "$work/example.sourcemark" --screenshot docs/screenshot.png
