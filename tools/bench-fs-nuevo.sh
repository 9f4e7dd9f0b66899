#!/usr/bin/env bash
# tools/bench-fs-nuevo.sh BIN_DIR FIGURE... — runs BIN_DIR/prep-bench FIGURE... with /tmp on a
# freshly made ext4 (a loop-mounted image, in a mount namespace of its own: nothing else on the
# machine sees it), one fresh file system per figure.
#
# Why: the corte and disk figures write their folders under /tmp. On this project's development
# VM the root file system is ext4 *without a journal* (no jbd2 entry in /proc/fs/jbd2), and ext4
# without a journal will not reuse an inode freed in the last seconds (`recently_deleted`): after
# a benchmark deletes thousands of files, every new file scans inode tables (perf: up to a quarter
# of a national corte's samples in `find_get_block_common` and `recently_deleted`). A server's
# file system has a journal; a fresh journaled ext4 per figure measures the code, the same way
# every time (as `prep-bench drain` and tools/drain-pares.sh do for the drain).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: tools/bench-fs-nuevo.sh BIN_DIR FIGURE..." >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "bench-fs-nuevo: needs root to loop-mount a fresh ext4" >&2; exit 1; }
for t in mkfs.ext4 mount umount unshare; do
    command -v "$t" >/dev/null || { echo "bench-fs-nuevo: $t is missing" >&2; exit 1; }
done
bin=$(realpath "$1"); shift
cd "$(dirname "$0")/.."
imagen=$(mktemp /var/tmp/bench-fs-nuevo.XXXXXX)
trap 'rm -f "$imagen"' EXIT
for figura in "$@"; do
    rm -f "$imagen"
    truncate -s 16G "$imagen"
    mkfs.ext4 -q -F "$imagen"
    unshare -m sh -c 'mount --make-rprivate / && mount -o loop "$1" /tmp && chmod 1777 /tmp && exec "$2/prep-bench" "$3"' \
        sh "$imagen" "$bin" "$figura"
done
