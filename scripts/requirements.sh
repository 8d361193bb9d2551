#!/usr/bin/env bash
# `make requirements`: compile requirements/base.in and test.in into fully pinned base.txt and
# test.txt with pip-tools, installed in a throw-away virtual environment (not a project
# dependency). Existing pins are kept; to move a package, change its pin in the .in file (or
# pass UPGRADE="--upgrade-package NAME"). See docs/dependencies.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
TOOLS=${PIP_TOOLS_VENV:-var/tools/pip-tools}
PIP_TOOLS_VERSION=7.6.2
if ! "$TOOLS/bin/pip-compile" --version 2>/dev/null | grep -q "$PIP_TOOLS_VERSION"; then
  rm -rf "$TOOLS"
  "$PYTHON" -m venv "$TOOLS"
  "$TOOLS/bin/pip" install --quiet --disable-pip-version-check "pip-tools==$PIP_TOOLS_VERSION"
fi
compile() {  # compile NAME [DIR]: DIR/NAME.in -> DIR/NAME.txt (DIR: requirements)
  local name=$1 dir=${2:-requirements} tmp
  tmp=$(mktemp)
  (cd "$dir" && "$OLDPWD/$TOOLS/bin/pip-compile" --quiet --no-header --strip-extras --allow-unsafe \
    --no-emit-index-url --no-emit-trusted-host --no-emit-find-links ${UPGRADE:-} \
    --output-file="$name.txt" "$name.in")
  {
    echo "# Compiled from $dir/$name.in by \`make requirements\` (pip-tools $PIP_TOOLS_VERSION): every"
    echo "# package pinned. Do not edit by hand; change $name.in. Why each package: docs/dependencies.md."
    cat "$dir/$name.txt"
  } >"$tmp"
  mv "$tmp" "$dir/$name.txt"
}
compile base
compile test
compile requirements-test fairlot  # the engine's tests without Django (make test-engine)
# The files name packages and versions only: no index, no address, no host.
if grep -inE "http|index-url|find-links|trusted-host|pypi" requirements/*.txt requirements/*.in fairlot/requirements-test.*; then
  echo "requirements: the lines above name an index or an address; remove them." >&2
  exit 1
fi
echo "requirements/base.txt: $(grep -c '==' requirements/base.txt) pins; requirements/test.txt: $(grep -c '==' requirements/test.txt) pins."
