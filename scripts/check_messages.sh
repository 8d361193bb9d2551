#!/usr/bin/env bash
# Fails when the committed translation catalogues are stale or the Dutch one is incomplete.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r src/participatiehub/locale "$tmp/before"
(cd src/participatiehub && "../../$PY" ../../manage.py makemessages -l nl -l en --no-obsolete --no-location --ignore=static/vendor -v 0)
status=0
for lang in nl en; do
  po=src/participatiehub/locale/$lang/LC_MESSAGES/django.po
  if ! diff -q <(grep -v '^"POT-Creation-Date' "$tmp/before/$lang/LC_MESSAGES/django.po") <(grep -v '^"POT-Creation-Date' "$po") >/dev/null; then
    echo "Translation catalogue $po is stale: run 'make messages' and translate the new strings." >&2
    diff <(grep -v '^"POT-Creation-Date' "$tmp/before/$lang/LC_MESSAGES/django.po") <(grep -v '^"POT-Creation-Date' "$po") | head -40 >&2 || true
    status=1
  fi
done
rm -rf src/participatiehub/locale && cp -r "$tmp/before" src/participatiehub/locale
untranslated=$(msgattrib --untranslated --no-obsolete src/participatiehub/locale/nl/LC_MESSAGES/django.po | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete src/participatiehub/locale/nl/LC_MESSAGES/django.po | grep -c '^msgid ' || true)
# msgattrib prints the header entry too when anything matches.
if [ "${untranslated:-0}" -gt 1 ] || [ "${fuzzy:-0}" -gt 1 ]; then
  echo "Dutch catalogue incomplete: $((untranslated>0?untranslated-1:0)) untranslated, $((fuzzy>0?fuzzy-1:0)) fuzzy strings." >&2
  msgattrib --untranslated --no-obsolete src/participatiehub/locale/nl/LC_MESSAGES/django.po | grep '^msgid ' | head -20 >&2
  status=1
fi
exit $status
