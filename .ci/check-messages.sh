#!/usr/bin/env bash
# Fail when the message catalogues are stale (a UI string was added or changed without
# re-extracting), when a Greek string is untranslated or fuzzy, or when a .mo is out of date.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r locale "$scratch/before"

$PY manage.py makemessages -l el -l en --no-location --no-obsolete \
  -i ".venv/*" -i "staticfiles/*" -i "tests/*" -i "node_modules/*" >/dev/null
status=0
for po in locale/*/LC_MESSAGES/django.po; do
  before="$scratch/before/${po#locale/}"
  if ! diff -q -I '^"POT-Creation-Date' "$before" "$po" >/dev/null; then
    echo "Stale catalogue: $po — run 'make messages' and translate the new strings." >&2
    diff -u -I '^"POT-Creation-Date' "$before" "$po" | head -40 >&2 || true
    status=1
  fi
done
# Put the committed catalogues back whatever happened: this script only checks.
rm -rf locale && cp -r "$scratch/before" locale

untranslated=$(msgattrib --untranslated --no-wrap locale/el/LC_MESSAGES/django.po | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-wrap locale/el/LC_MESSAGES/django.po | grep -c '^msgid ' || true)
# msgattrib prints the header entry too when it has something to print.
if [ "$untranslated" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
  echo "Greek catalogue: $untranslated untranslated and $fuzzy fuzzy entries:" >&2
  msgattrib --untranslated --no-wrap locale/el/LC_MESSAGES/django.po | grep '^msgid ' | head -20 >&2
  status=1
fi
for po in locale/*/LC_MESSAGES/django.po; do
  msgfmt --check-format -o /dev/null "$po"
  mo="${po%.po}.mo"
  if [ ! -f "$mo" ] || ! cmp -s <(msgfmt -o - "$po") "$mo"; then
    echo "Not compiled or out of date: $mo — run 'make messages'." >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "Message catalogues are current, complete and compiled."
exit $status
