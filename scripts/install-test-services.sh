#!/usr/bin/env bash
# Installs the Debian packages the integration tests need, when they are missing:
# apache2 + apache2-utils (the WebDAV server laid out like ownCloud, and htpasswd) and
# python3-pika (the legacy producer's AMQP library, for the wire-compatibility test),
# poppler-utils (pdftotext/pdfinfo read the PDF report back) and chromium (the HTML
# dashboard test loads it headless).
set -euo pipefail

packages=(apache2 apache2-utils python3-pika poppler-utils chromium)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -ne 0 ] && sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
echo "installing ${missing[*]}" >&2
"${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" \
  || { "${sudo[@]}" apt-get update && "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; }
# The package's own service must not hold port 80 or run beside the tests' private instance.
if command -v apache2ctl >/dev/null && pgrep -x apache2 >/dev/null && [ -f /var/run/apache2/apache2.pid ]; then
  "${sudo[@]}" apache2ctl stop || true
fi
