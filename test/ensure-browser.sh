#!/usr/bin/env bash
# Runs before `npm test`: the workbench's browser test drives Debian's Chromium, and a CJK
# font makes its screenshots readable. Installs both with apt when missing and running as root
# (a fresh server or CI); otherwise says what to install and stops, so no test is skipped.
set -euo pipefail

have_font() { fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk'; }
if [ -x /usr/bin/chromium ] && have_font; then exit 0; fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "npm test: installing Debian's chromium and fonts-wqy-microhei for the browser test" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei >/dev/null
  exit 0
fi

echo "npm test needs /usr/bin/chromium and a CJK font for the browser test:" >&2
echo "  sudo apt-get install -y chromium fonts-wqy-microhei" >&2
exit 1
