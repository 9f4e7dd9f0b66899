#!/usr/bin/env bash
# publish-rsync.sh CORTE [DEST…] — copy one corte to every web host so that none ever serves half
# a corte, an unsigned one, an older one, or one that forks its chain.
#
#   CORTE  a corte folder, e.g. spool/publish/cortes/000042_20240602_2215 (images and signed
#          captures are taken from CORTE/../../imagenes and ../../capturas, the publish/ layout;
#          cortes a host missed from CORTE/.., the spool's cortes/)
#   DEST   a local folder or host:path (ssh), one per web host; default: $PREP_PUBLISH_DEST
#          (several separated by spaces). The daemon's publish_command runs it with the corte
#          folder as the argument.
#   PREP_PUBLISH_KEY   the public key's path on the hosts: the signature is checked there
#   PREP_PUBLISH_PREP  the prep binary on the hosts (e.g. /usr/local/bin/prep): with the key, each
#                      corte is checked there with `prep verify --previous` against the corte the
#                      host serves before it is served (docs/ha.md)
#
# Layout on each host (the same as publish/, so the corte's relative image links work there):
#   DEST/imagenes/HASH.ext   content-addressed images, only ever added
#   DEST/capturas/           signed captures, only ever added
#   DEST/cortes/NAME/        complete cortes, never changed
#   DEST/current -> cortes/NAME   what the web server serves; swapped atomically by rename
#
# Per host, independently (one host down never holds the others back):
# (0) read the seq the host serves; when it is CORTE's or newer, nothing changes (a late or
# repeated run never moves a host back); when the host's corte of that seq is not this spool's
# (another SHA256: the chains forked), nothing is published there;
# then for every seq from the one after the host's up to CORTE's, in order (a host that missed
# cortes catches up, each corte following the one it serves):
# (1) rsync new images and captures (each file lands by rename; existing names are never
# rewritten; hidden names, the daemon's copies in progress, are left out);
# (2) rsync the corte into the hidden DEST/.partial/NAME, hard-linking unchanged files from the
# current corte with --link-dest but comparing by checksum (-c): size+mtime quick-check would
# link a same-size, same-second changed file from the old corte (reference anchors §5);
# (3) verify it there: sha256sum -c of every listed file, no unlisted file, then with
# PREP_PUBLISH_KEY `prep verify --previous current` (PREP_PUBLISH_PREP) or `signify -C`;
# (4) flush, rename it into cortes/; (5) point DEST/current at it through a new link renamed over
# the old one; flush.
# A corte the spool already reduced by retention (keep_cortes: a RETENCION file in it, the site
# gone) is sent as it is, so that the host's chain has no gap: checked there as reduced (`prep
# verify --previous`, or each file it keeps with sha256sum and its signed list with signify -V),
# renamed into cortes/, and never made `current`; the next corte is verified against it.
# Retention is not mirrored: a corte the host received whole stays whole there (rsync sends each
# corte once, into a new folder, and never deletes on the host).
# Exit 0 when every DEST serves CORTE (or a newer corte); non-zero naming the hosts that do not.
set -euo pipefail

die() { echo "publish-rsync: $*" >&2; exit 1; }

[ $# -ge 1 ] || { echo "usage: publish-rsync.sh CORTE [DEST…]" >&2; exit 2; }
corte=$(cd "$1" 2>/dev/null && pwd -P) || die "$1: not a folder"
shift
if [ $# -gt 0 ]; then dests=("$@"); else read -r -a dests <<< "${PREP_PUBLISH_DEST:-}"; fi
[ ${#dests[@]} -gt 0 ] || { echo "usage: publish-rsync.sh CORTE [DEST…] (or set PREP_PUBLISH_DEST)" >&2; exit 2; }
name=$(basename "$corte")
[[ "$name" =~ ^([0-9]{6})_[0-9]{8}_[0-9]{4}$ ]] || die "$corte: not a corte folder name (SEQ_YYYYMMDD_HHMM)"
seq=$((10#${BASH_REMATCH[1]}))
[ -f "$corte/SHA256" ] && [ -f "$corte/SHA256.sig" ] || die "$corte: no SHA256/SHA256.sig (not a complete corte)"
cortes=$(dirname "$corte")
images=$(cd "$corte/../../imagenes" 2>/dev/null && pwd -P) || die "$corte/../../imagenes: images folder missing"
captures=$(cd "$corte/../../capturas" 2>/dev/null && pwd -P) || captures=""

# This spool's corte of a seq (empty when it has none).
corte_of() { local f; for f in "$cortes"/$(printf '%06d' "$1")_*; do [ -d "$f" ] && { echo "$f"; return; }; done; }

# Steps 3–5 run on the host as one shell script: sh, sha256sum, sync, mv, ln, and the checker.
remote_script='
set -eu
root=$1 name=$2 key=${3:-} prep=${4:-} previous=${5:-}
cd "$root/.partial/$name"
reduced=""; [ -f RETENCION ] && reduced=1
if [ -n "$reduced" ]; then
    # What a reduced corte keeps is checked; what retention removed is not there to check.
    sha256sum -c --quiet --strict --ignore-missing SHA256 >&2 || { echo "publish-rsync: $name: a file does not match SHA256 on the host" >&2; exit 1; }
else
    sha256sum -c --quiet --strict SHA256 >&2 || { echo "publish-rsync: $name: a file does not match SHA256 on the host" >&2; exit 1; }
    listed=$(sed -n "s/^SHA256 (\(.*\)) = [0-9a-f]*$/\1/p" SHA256 | sort)
    present=$(find . -type f ! -name SHA256 ! -name SHA256.sig | sed "s|^\./||" | sort)
    [ "$listed" = "$present" ] || { echo "publish-rsync: $name: the files on the host are not exactly those in SHA256" >&2; exit 1; }
fi
if [ -n "$previous" ]; then previous="$root/cortes/$previous"; elif [ -e "$root/current" ]; then previous="$root/current"; fi
if [ -n "$key" ] && [ -n "$prep" ]; then
    if [ -n "$previous" ]; then set -- --previous "$previous"; else set --; fi
    "$prep" verify "$root/.partial/$name" --key "$key" "$@" >&2 || { echo "publish-rsync: $name: prep verify failed on the host" >&2; exit 1; }
elif [ -n "$key" ] && [ -n "$reduced" ]; then
    signed=$(mktemp)
    signify-openbsd -V -e -q -p "$key" -x SHA256.sig -m "$signed" >&2 && cmp -s "$signed" SHA256 || { rm -f "$signed"; echo "publish-rsync: $name: signify -V failed on the host" >&2; exit 1; }
    rm -f "$signed"
elif [ -n "$key" ]; then
    signify-openbsd -C -q -p "$key" -x SHA256.sig >&2 || { echo "publish-rsync: $name: signify -C failed on the host" >&2; exit 1; }
fi
sync -f . 2>/dev/null || sync
mv -T "$root/.partial/$name" "$root/cortes/$name"
sync -f "$root/cortes" 2>/dev/null || sync
[ -z "$reduced" ] || exit 0
ln -s "cortes/$name" "$root/.current.$$"
mv -T "$root/.current.$$" "$root/current"
sync -f "$root" 2>/dev/null || sync
'

# One corte to the host (steps 1–5), verified there against the host's corte PREVIOUS (a name in
# cortes/; empty: the one it serves).
upload() {
    local c=$1 previous=${2:-} n
    n=$(basename "$c")
    # A reduced corte a run cut short already put there (never current): the same one is kept.
    if on_dest test -d "$root/cortes/$n"; then
        [ "$(on_dest cat "$root/cortes/$n/SHA256" | sha256sum)" = "$(sha256sum < "$c/SHA256")" ] && return 0
        echo "publish-rsync: $dest already has a different cortes/$n" >&2
        return 1
    fi
    # (Run where errexit does not apply: every step says when it failed.)
    on_dest rm -rf "$root/.partial/$n" || return 1
    # 1. Images and captures first: a corte never names a file the host lacks.
    rsync -a --ignore-existing --exclude='.*' "$images/" "$rsync_dest$root/imagenes/" || return 1
    if [ -n "$captures" ]; then rsync -a --ignore-existing --exclude='.*' "$captures/" "$rsync_dest$root/capturas/" || return 1; fi
    # 2. The corte, aside, hidden.
    local link=() prev
    if prev=$(on_dest readlink "$root/current" 2>/dev/null) && [ -n "$prev" ]; then
        link=(--link-dest="../../${prev}")
    fi
    rsync -a -c "${link[@]}" "$c/" "$rsync_dest$root/.partial/$n/" || return 1
    # 3–5. Verify on the host, rename into place, swap `current`.
    on_dest sh -c "$remote_script" sh "$root" "$n" "${PREP_PUBLISH_KEY:-}" "${PREP_PUBLISH_PREP:-}" "$previous" || return 1
}

# CORTE to one host, catching up in order; never backwards, never onto another chain.
publish_to() {
    local dest=$1
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
    [ -n "$root" ] || { echo "publish-rsync: $dest: empty destination path" >&2; return 1; }
    on_dest mkdir -p "$root/cortes" "$root/imagenes" "$root/.partial" || return 1

    local served served_seq=0 mine
    served=$(on_dest readlink "$root/current" 2>/dev/null || true)
    served=${served##*/}
    if [[ "$served" =~ ^([0-9]{6})_[0-9]{8}_[0-9]{4}$ ]]; then served_seq=$((10#${BASH_REMATCH[1]})); fi
    if [ "$served_seq" -gt 0 ]; then
        mine=$(corte_of "$served_seq")
        if [ -z "$mine" ] || [ "$(on_dest cat "$root/cortes/$served/SHA256" | sha256sum)" != "$(sha256sum < "$mine/SHA256")" ]; then
            echo "publish-rsync: $dest serves corte $served, which is not this spool's corte $served_seq (another chain): nothing published there; see docs/ha.md" >&2
            return 1
        fi
    fi
    if [ "$served_seq" -ge "$seq" ]; then
        echo "$dest already serves $served (seq $served_seq >= $seq); left as is"
        return 0
    fi
    local s c previous=""
    for ((s = served_seq + 1; s <= seq; s++)); do
        c=$(corte_of "$s")
        [ -n "$c" ] || { echo "publish-rsync: $dest: corte $s is not in $cortes, so $dest cannot catch up in order" >&2; return 1; }
        if [ "$s" -eq "$seq" ] && [ -f "$c/RETENCION" ]; then
            echo "publish-rsync: $dest: $name was reduced by retention (keep_cortes) before it reached the host; the run for a newer corte brings the host up" >&2
            return 1
        fi
        upload "$c" "$previous" || return 1
        previous=$(basename "$c")
    done
    echo "$name published to $dest; current -> cortes/$name$([ $((seq - served_seq)) -gt 1 ] && echo " (caught up from seq $served_seq)")"
}

failed=()
for d in "${dests[@]}"; do
    ( publish_to "$d" ) || failed+=("$d")
done
[ ${#failed[@]} -eq 0 ] || die "not published to: ${failed[*]}"
