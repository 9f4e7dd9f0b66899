#!/usr/bin/env bash
# tools/drain-pares.sh OLD_PREP NEW_PREP [ACTAS] — one controlled drain pair on a shared machine.
#
# Prepares ACTAS actas (default 4000: an image of 64 KB and two agreeing captures each) once with
# `prep-bench drain` (PREP_BENCH_PREPARAR=1), then for the old binary and the new one in turn:
# a fresh spool whose first corte is already made, the same drops copied in and synced, and
# `prep run --once` timed (wall seconds). Run it several times and read the pairs: a single
# figure on a busy machine says little, the ratio within a pair says more.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: tools/drain-pares.sh OLD_PREP NEW_PREP [ACTAS]" >&2; exit 2; }
viejo=$(realpath "$1"); nuevo=$(realpath "$2"); n=${3:-4000}
origen=$(PREP_BENCH_ACTAS=$n PREP_BENCH_PREPARAR=1 .build/release/prep-bench drain | sed -n 's/^drain: prepared //p')
[ -d "$origen/spool/incoming" ] || { echo "drain-pares: prep-bench did not prepare a spool" >&2; exit 1; }
trap 'rm -rf "$origen" "$origen.old" "$origen.new"' EXIT
for par in "old:$viejo" "new:$nuevo"; do
    nombre=${par%%:*}; bin=${par#*:}; d="$origen.$nombre"
    rm -rf "$d"; mkdir -p "$d"
    cp "$origen/prep.conf" "$d/"
    (cd "$d" && "$bin" publish --config prep.conf >/dev/null 2>&1)
    cp -a "$origen/spool/incoming/." "$d/spool/incoming/"
    sync
    inicio=$(date +%s.%N)
    (cd "$d" && "$bin" run --once --config prep.conf 2>/dev/null)
    fin=$(date +%s.%N)
    echo "$nombre: $(awk "BEGIN { printf \"%.2f\", $fin - $inicio }") s for $n actas"
done
