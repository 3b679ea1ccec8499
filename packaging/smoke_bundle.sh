#!/usr/bin/env bash
# The bundle on a PC without Python: runs dist/binhyen/binhyen-cli (init, demo, search,
# print with system fonts and with only the shipped ones, export, check) and opens the
# window of dist/binhyen/binhyen once (BINHYEN_SMOKE), all in an empty environment:
# env -i, a PATH with nothing on it (no python, no venv), and no network where
# `unshare --net` is allowed (root, as in CI).
#     bash packaging/smoke_bundle.sh [dist/binhyen]
set -euo pipefail
BUNDLE=$(cd "${1:-dist/binhyen}" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/empty-path" "$WORK/home"
checks=0

isolate=()
if unshare --net true 2>/dev/null; then
  isolate=(unshare --net)
else
  echo "(unshare --net not allowed here: the network stays reachable during the smoke test)"
fi

# Run a program of the bundle in an empty environment; extra VAR=value may come first.
bare() {
  "${isolate[@]}" timeout "${LIMIT:-300}" env -i PATH="$WORK/empty-path" HOME="$WORK/home" LANG=C.UTF-8 \
    BINHYEN_DATA_DIR="$WORK/data" QT_QPA_PLATFORM=offscreen "$@"
}

fail() { echo "SMOKE FAILED: $*" >&2; exit 1; }
ok() { checks=$((checks + 1)); echo "ok  $*"; }

CLI="$BUNDLE/binhyen-cli"
[ -x "$CLI" ] && [ -x "$BUNDLE/binhyen" ] || fail "no binhyen / binhyen-cli in $BUNDLE"
if bare /bin/sh -c 'command -v python3 || command -v python' >/dev/null 2>&1; then
  fail "python is reachable on the empty PATH"
fi

out=$(bare "$CLI" init --db "$WORK/xa.db" --role station --province 22 --commune "Quảng Tân")
grep -q "Đã khởi tạo Công an xã Quảng Tân" <<<"$out" || fail "init: $out"
ok "init (all migrations found in the frozen program)"

start=$(date +%s%N)
bare "$CLI" demo --db "$WORK/demo.db" --households 200 --seed 1 --province 22 >/dev/null 2>&1
ok "demo ($(( ($(date +%s%N) - start) / 1000000 )) ms)"

out=$(bare "$CLI" search --db "$WORK/demo.db" "nguyen" --limit 3 2>/dev/null)
grep -q "Nguyễn" <<<"$out" || fail "search without diacritics found no Nguyễn: $out"
ok "search"

bare "$CLI" print report --db "$WORK/demo.db" --period 2026 --out "$WORK/bc.pdf" >/dev/null
head -c 5 "$WORK/bc.pdf" | grep -q "%PDF-" || fail "print report wrote no PDF"
ok "print report (system fonts: $(bare "$CLI" fonts | head -1))"

out=$(bare BINHYEN_NO_SYSTEM_FONTS=1 "$CLI" fonts | head -1)
grep -q "kèm theo Bình Yên" <<<"$out" || fail "shipped fonts not used: $out"
bare BINHYEN_NO_SYSTEM_FONTS=1 "$CLI" print report --db "$WORK/demo.db" --period 2026 --out "$WORK/bc-noto.pdf" >/dev/null
grep -aq "BinhYenSerif" "$WORK/bc-noto.pdf" || fail "the shipped Noto Serif is not embedded"
[ ! -d "$WORK/data/fonts" ] || fail "a font was cut at run time"
ok "print with only the shipped Noto Serif ($out)"

# The superior's key, trusted by the station; the package sealed for it and imported there.
bare "$CLI" init --db "$WORK/tinh.db" --role aggregator --province 22 >/dev/null
bare "$CLI" key --db "$WORK/tinh.db" --out "$WORK/tinh.pub" >/dev/null
bare "$CLI" trust --db "$WORK/demo.db" "$WORK/tinh.pub" >/dev/null
bare "$CLI" export --db "$WORK/demo.db" --period 2026-H1 --out "$WORK/goi.byx" >/dev/null 2>&1 \
  || fail "export: $(bare "$CLI" export --db "$WORK/demo.db" --period 2026-H1 --out "$WORK/goi.byx" 2>&1 | tail -3)"
[ -s "$WORK/goi.byx" ] || fail "export wrote no package"
out=$(bare "$CLI" import --db "$WORK/tinh.db" "$WORK/goi.byx" --trust-new 2>&1) || fail "import: $out"
if grep -q "Cảnh báo: Danh mục" <<<"$out"; then fail "the same program disagrees on the unit list: $out"; fi
ok "export, encrypted for the superior, and import there"

bare "$CLI" check --db "$WORK/demo.db" >/dev/null || fail "check"
ok "check"

code=0
bare "$CLI" nonsense >/dev/null 2>&1 || code=$?
[ "$code" = 2 ] || fail "a bad command should exit 2, got $code"
ok "bad command exits 2"

code=0
out=$(LIMIT=120 bare BINHYEN_SMOKE=1 "$BUNDLE/binhyen" --db "$WORK/demo.db" 2>&1) || code=$?
[ "$code" = 0 ] || fail "the window program exited $code: $out"
grep -Eq "BINHYEN_SMOKE: (AccountDialog|LoginDialog|MainWindow|WelcomeDialog) " <<<"$out" \
  || fail "no window shown: $out"
ok "window: $(grep -o 'BINHYEN_SMOKE: .*' <<<"$out")"

echo "Bundle smoke test: all $checks checks OK ($(du -sh "$BUNDLE" | cut -f1) in $BUNDLE)"
