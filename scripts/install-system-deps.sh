#!/usr/bin/env bash
# Installs what reportgen needs from Debian, once: the libraries WeasyPrint loads,
# HarfBuzz's subsetter (PDF font subsetting 25x faster), poppler and LibreOffice
# (Writer and Calc) for the tests, Liberation Serif (metric-compatible with Times New Roman, for
# the times-digits profile), and the free Fandol CJK faces with fontconfig
# aliases for the official face names. Safe to run again: it only does what is missing.
set -euo pipefail

packages=(
  python3-venv fontconfig
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0
  poppler-utils libreoffice-writer-nogui
  # The Excel-ledger tests write a real .xls (BIFF8) with LibreOffice Calc.
  libreoffice-calc-nogui
  fonts-liberation2
  # The web editor's browser tests: Playwright drives Debian's chromium (it downloads no browser).
  chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

fandol_dir=/usr/local/share/fonts/reportgen-fandol
alias_conf=/etc/fonts/conf.d/65-reportgen-official-aliases.conf
here=$(cd "$(dirname "$0")/.." && pwd)

if [ ${#missing[@]} -eq 0 ] && [ -f "$fandol_dir/FandolFang-Regular.otf" ] \
   && cmp -s "$here/fonts/65-reportgen-official-aliases.conf" "$alias_conf"; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "需要以 root 身份安装系统依赖：${missing[*]:-} Fandol 字体" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -gt 0 ]; then
  echo "安装 Debian 软件包：${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -f "$fandol_dir/FandolFang-Regular.otf" ]; then
  # The Fandol faces ship inside texlive-lang-chinese; its other 100 MB of
  # dependencies are not needed, so take the .deb and extract only the .otf files.
  echo "提取 Fandol 字体（texlive-lang-chinese）"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && apt-get download -qq texlive-lang-chinese >/dev/null 2>&1 \
     || { apt-get update -qq && apt-get download -qq texlive-lang-chinese >/dev/null; })
  dpkg-deb --fsys-tarfile "$tmp"/texlive-lang-chinese_*.deb \
    | tar -x -C "$tmp" --wildcards '*/fandol/*.otf'
  mkdir -p "$fandol_dir"
  find "$tmp" -name 'Fandol*.otf' -exec cp {} "$fandol_dir"/ \;
fi

install -m 644 "$here/fonts/65-reportgen-official-aliases.conf" "$alias_conf"
fc-cache -f >/dev/null
