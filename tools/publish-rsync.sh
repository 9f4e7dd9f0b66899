#!/usr/bin/env bash
# publish-rsync.sh CORTE [DEST] — copy one corte to the web host so that it never serves half a corte.
#
#   CORTE  a corte folder, e.g. spool/publish/cortes/000042_20240602_2215 (images are taken from
#          CORTE/../../imagenes, the publish/ layout)
#   DEST   a local folder or host:path (ssh); default $PREP_PUBLISH_DEST. The daemon's
#          publish_command runs it with the corte folder as the argument.
#
# Layout on the host (the same as publish/, so the corte's relative image links work there):
#   DEST/imagenes/HASH.ext   content-addressed images, only ever added
#   DEST/cortes/NAME/        complete cortes, never changed
#   DEST/current -> cortes/NAME   what the web server serves; swapped atomically by rename
#
# Steps: (1) rsync new images (each file lands by rename; existing names are never rewritten;
# hidden names, the daemon's copies in progress, are left out);
# (2) rsync the corte into the hidden DEST/cortes/.NAME.partial, hard-linking unchanged files from
# the current corte with --link-dest but comparing by checksum (-c): size+mtime quick-check would
# link a same-size, same-second changed file from the old corte (reference anchors §5);
# (3) verify it there: sha256sum -c of every listed file, no unlisted file, and signify -C when
# PREP_PUBLISH_KEY names the public key on the host; (4) flush, rename it into place;
# (5) point DEST/current at it through a new link renamed over the old one; flush.
# Exit 0 when DEST/current serves CORTE; non-zero with the reason on standard error otherwise.
set -euo pipefail

die() { echo "publish-rsync: $*" >&2; exit 1; }

[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: publish-rsync.sh CORTE [DEST]" >&2; exit 2; }
corte=$(cd "$1" 2>/dev/null && pwd -P) || die "$1: not a folder"
dest=${2:-${PREP_PUBLISH_DEST:-}}
[ -n "$dest" ] || { echo "usage: publish-rsync.sh CORTE [DEST] (or set PREP_PUBLISH_DEST)" >&2; exit 2; }
name=$(basename "$corte")
[[ "$name" =~ ^[0-9]{6}_[0-9]{8}_[0-9]{4}$ ]] || die "$corte: not a corte folder name (SEQ_YYYYMMDD_HHMM)"
[ -f "$corte/SHA256" ] && [ -f "$corte/SHA256.sig" ] || die "$corte: no SHA256/SHA256.sig (not a complete corte)"
images=$(cd "$corte/../../imagenes" 2>/dev/null && pwd -P) || die "$corte/../../imagenes: images folder missing"

# DEST as host:path (ssh) or a local path. A local path containing ':' must be written ./a:b.
if [[ "$dest" == *:* && "$dest" != /* && "$dest" != ./* ]]; then
    host=${dest%%:*}
    root=${dest#*:}
    on_dest() { ssh -o BatchMode=yes "$host" "$(printf '%q ' "$@")"; }
    rsync_dest="$host:"
else
    host=""
    root=$dest
    on_dest() { "$@"; }
    rsync_dest=""
fi
[ -n "$root" ] || die "empty destination path"

# Steps 3–5 run on the host as one shell script, so they need only sh, sha256sum, sync, mv, ln.
remote_script='
set -eu
root=$1 name=$2 key=${3:-}
cd "$root/cortes/.$name.partial"
sha256sum -c --quiet --strict SHA256 >&2 || { echo "publish-rsync: $name: a file does not match SHA256 on the host" >&2; exit 1; }
listed=$(sed -n "s/^SHA256 (\(.*\)) = [0-9a-f]*$/\1/p" SHA256 | sort)
present=$(find . -type f ! -name SHA256 ! -name SHA256.sig | sed "s|^\./||" | sort)
[ "$listed" = "$present" ] || { echo "publish-rsync: $name: the files on the host are not exactly those in SHA256" >&2; exit 1; }
if [ -n "$key" ]; then
    signify-openbsd -C -q -p "$key" -x SHA256.sig >&2 || { echo "publish-rsync: $name: signify -C failed on the host" >&2; exit 1; }
fi
sync -f . 2>/dev/null || sync
cd "$root/cortes"
mv -T ".$name.partial" "$name"
ln -s "cortes/$name" "$root/.current.$$"
mv -T "$root/.current.$$" "$root/current"
sync -f "$root" 2>/dev/null || sync
'

# Already published (a retry after a lost connection): only make sure `current` serves it.
if on_dest test -d "$root/cortes/$name"; then
    on_dest sh -c 'ln -s "cortes/$2" "$1/.current.$$" && mv -T "$1/.current.$$" "$1/current"' sh "$root" "$name"
    echo "$name already on $dest; current -> cortes/$name"
    exit 0
fi

on_dest mkdir -p "$root/cortes" "$root/imagenes"
on_dest rm -rf "$root/cortes/.$name.partial"

# 1. Images first: a corte never names an image the host lacks. Hidden names are the daemon's
# copies still being written (imagenes/.NAME.tmp): never uploaded, only finished copies are.
rsync -a --ignore-existing --exclude='.*' "$images/" "$rsync_dest$root/imagenes/"

# 2. The corte, aside, hidden.
link=()
if prev=$(on_dest readlink "$root/current" 2>/dev/null) && [ -n "$prev" ]; then
    link=(--link-dest="../../${prev}")
fi
rsync -a -c "${link[@]}" "$corte/" "$rsync_dest$root/cortes/.$name.partial/"

# 3–5. Verify on the host, rename into place, swap `current`.
on_dest sh -c "$remote_script" sh "$root" "$name" "${PREP_PUBLISH_KEY:-}"
echo "$name published to $dest; current -> cortes/$name"
