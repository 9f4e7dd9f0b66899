#!/usr/bin/env bash
# baseline-pipeline.sh — what an administrator would script instead of prep: the yardstick
# for the benchmark suite (tools/bench prints prep's throughput as a multiple of this one's).
#
# usage: tools/baseline-pipeline.sh DROP_DIR VERIFIED_DIR [--no-sync]
#
# Watches DROP_DIR with `inotifywait -m` (package inotify-tools). Whenever a file arrives
# (written and closed, or renamed in), it takes the file's KEY (the name up to the first dot,
# e.g. 090001B0100-JG) and, once KEY has an image (KEY.jpg / .jpeg / .png, any case) and two
# captures (KEY.captura.*.json), it writes the image's SHA-256 with `sha256sum` into
# VERIFIED_DIR/KEY/SHA256 and `mv`s the image and the captures into VERIFIED_DIR/KEY/.
# Names beginning with "." or ending in .part/.tmp are ignored, as prep ignores them.
#
# Durability, to compare like with like: prep makes every move durable (rename, then fsync of
# the folders). By default this script does the same with coreutils `sync FILE…` (fsync of the
# moved files, of the item folder and of VERIFIED_DIR) after each item. --no-sync skips that, as
# most hand-written scripts would; the benchmark reports both.
#
# It does NOT parse or validate the JSON, compare the two captures, check image magic bytes,
# refuse bad drops, keep a history, or publish anything: it does less work than prep, so the
# ratio flatters the script, not prep.
#
# Prints "ready" on standard output once the watch is established, then one line per item
# moved: "KEY". Stops when DROP_DIR/.stop appears (or on SIGTERM).
set -u
drop=${1:?usage: baseline-pipeline.sh DROP_DIR VERIFIED_DIR [--no-sync]}
verified=${2:?usage: baseline-pipeline.sh DROP_DIR VERIFIED_DIR [--no-sync]}
sync_each=1
[ "${3:-}" = "--no-sync" ] && sync_each=0
command -v inotifywait >/dev/null || { echo "baseline-pipeline: inotifywait not found (apt-get install inotify-tools)" >&2; exit 1; }
mkdir -p "$drop" "$verified"
shopt -s nullglob nocaseglob extglob

# stdbuf: inotifywait writes to a pipe here; make sure each event line leaves its buffer at once.
coproc WATCH { exec stdbuf -oL inotifywait -m -e close_write -e moved_to --format '%f' "$drop" 2>&1; }
# Stopped with SIGTERM/SIGINT: take inotifywait down too, never leave it orphaned.
trap 'kill "$WATCH_PID" 2>/dev/null; exit 0' TERM INT
# Wait for "Watches established." so that no drop is missed.
while IFS= read -r line <&"${WATCH[0]}"; do
    [ "$line" = "Watches established." ] && break
done
echo ready

while IFS= read -r name <&"${WATCH[0]}"; do
    case "$name" in
        .stop) break ;;
        .*|*.part|*.tmp) continue ;;
    esac
    key=${name%%.*}
    images=("$drop/$key".@(jpg|jpeg|png))
    captures=("$drop/$key".captura.*.json)
    [ ${#images[@]} -ge 1 ] && [ ${#captures[@]} -ge 2 ] || continue
    image=${images[0]}
    [ -e "$image" ] || continue
    mkdir -p "$verified/$key"
    sha256sum "$image" | sed "s|$drop/||" > "$verified/$key/SHA256"
    mv "$image" "${captures[@]:0:2}" "$verified/$key/"
    if [ $sync_each = 1 ]; then
        sync "$verified/$key"/* "$verified/$key" "$verified" "$drop"
    fi
    echo "$key"
done
kill "$WATCH_PID" 2>/dev/null
wait 2>/dev/null
exit 0
