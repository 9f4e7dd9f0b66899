#!/usr/bin/env bash
# tools/drain-pares.sh OLD_BIN_DIR NEW_BIN_DIR [ACTAS] [ROUNDS] — drain pairs on a shared machine.
#
# Each BIN_DIR holds a release `prep` (and NEW_BIN_DIR its `prep-bench`). Prepares ACTAS actas
# (default 10000: a 64 KB image and two agreeing captures each) once with the new `prep-bench
# drain` (PREP_BENCH_PREPARAR=1): unsigned drops, and signed drops with an operator registry.
# Then, ROUNDS times (default 3), in turn: old binary on the unsigned drops, new binary on the
# unsigned drops, new binary on the signed drops. Every trial runs on a freshly made ext4 file
# system (a loop-mounted image, so root is needed): ext4 skips recently freed inodes, and a
# trial run on the same disk as the previous one's deletions measures that, not the daemon.
# A trial: the spool's first corte made, the drops copied in and synced, `prep run --once` timed
# (wall seconds, and the daemon's CPU seconds). Prints each trial, then the median ratios.
# DRAIN_PARES_VIEJO_FIRMADO=1 also runs the old binary on the signed drops (an old binary that
# takes operator registries), and prints new-signed/old-signed.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: tools/drain-pares.sh OLD_BIN_DIR NEW_BIN_DIR [ACTAS] [ROUNDS]" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "drain-pares: needs root to loop-mount a fresh ext4 per trial" >&2; exit 1; }
for t in mkfs.ext4 mount umount /usr/bin/time; do
    command -v "$t" >/dev/null || { echo "drain-pares: $t is missing" >&2; exit 1; }
done
viejo=$(realpath "$1"); nuevo=$(realpath "$2"); n=${3:-10000}; rondas=${4:-3}
preparar() {
    env "$@" PREP_BENCH_ACTAS=$n PREP_BENCH_PREPARAR=1 "$nuevo/prep-bench" drain | sed -n 's/^drain: prepared //p'
}
sin=$(preparar PREP_BENCH_SIN_FIRMAS=1)
con=$(preparar)
trabajo=$(mktemp -d /tmp/drain-pares.XXXXXX)
trap 'umount "$trabajo/mnt" 2>/dev/null || true; rm -rf "$sin" "$con" "$trabajo"' EXIT
mkdir "$trabajo/mnt"

# ensayo NAME BIN_DIR SOURCE: one timed `prep run --once` on a fresh file system.
ensayo() {
    local nombre=$1 bin=$2 origen=$3 d="$trabajo/mnt"
    rm -f "$trabajo/fs.img"
    truncate -s 8G "$trabajo/fs.img"
    mkfs.ext4 -q -F "$trabajo/fs.img"
    mount -o loop "$trabajo/fs.img" "$d"
    cp "$origen/prep.conf" "$d/"
    [ -f "$origen/operadores.csv" ] && cp "$origen/operadores.csv" "$d/"
    mkdir -p "$d/spool/incoming"
    (cd "$d" && "$bin/prep" publish --config prep.conf >/dev/null 2>&1)
    cp -a "$origen/spool/incoming/." "$d/spool/incoming/"
    sync
    local inicio fin cpu
    inicio=$(date +%s.%N)
    (cd "$d" && /usr/bin/time -f '%U %S' -o "$trabajo/cpu" "$bin/prep" run --once --config prep.conf 2>/dev/null)
    fin=$(date +%s.%N)
    cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$trabajo/cpu")
    local hechas
    hechas=$(( $(ls "$d/spool/verified" | wc -l) + $(ls "$d/spool/packaged" | wc -l) ))
    umount "$d"
    rm -f "$trabajo/fs.img"
    [ "$hechas" = "$n" ] || { echo "drain-pares: $nombre verified $hechas of $n" >&2; exit 1; }
    awk -v s="$inicio" -v f="$fin" -v c="$cpu" -v nm="$nombre" -v n="$n" \
        'BEGIN { printf "%s %.2f s wall %.2f s cpu (%.0f actas/s)\n", nm, f - s, c, n / (f - s) }'
}

resultados="$trabajo/resultados"
for r in $(seq 1 "$rondas"); do
    echo "round $r $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
    ensayo old "$viejo" "$sin" | tee -a "$resultados"
    ensayo new-unsigned "$nuevo" "$sin" | tee -a "$resultados"
    if [ -n "${DRAIN_PARES_VIEJO_FIRMADO:-}" ]; then ensayo old-signed "$viejo" "$con" | tee -a "$resultados"; fi
    ensayo new-signed "$nuevo" "$con" | tee -a "$resultados"
done
# Ratios of throughput (old time / new time) per round, and their medians.
awk '
    { k[$1]++; t[$1, k[$1]] = $2; c[$1, k[$1]] = $5 }
    function mediana(a, n,   i, j, x) {
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { x = a[i]; a[i] = a[j]; a[j] = x }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    END {
        n = k["old"]
        for (i = 1; i <= n; i++) {
            u[i] = t["old", i] / t["new-unsigned", i]; s[i] = t["old", i] / t["new-signed", i]
            cu[i] = c["old", i] / c["new-unsigned", i]; cs[i] = c["old", i] / c["new-signed", i]
        }
        printf "median throughput new-unsigned/old %.2f (cpu %.2f), new-signed/old %.2f (cpu %.2f)\n",
            mediana(u, n), mediana(cu, n), mediana(s, n), mediana(cs, n)
        if (k["old-signed"] == n) {
            for (i = 1; i <= n; i++) { v[i] = t["old-signed", i] / t["new-signed", i]; cv[i] = c["old-signed", i] / c["new-signed", i] }
            printf "median throughput new-signed/old-signed %.2f (cpu %.2f)\n", mediana(v, n), mediana(cv, n)
        }
    }' "$resultados"
