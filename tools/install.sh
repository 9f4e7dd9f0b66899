#!/usr/bin/env bash
# Installs prep as a service: the binary, the configuration (with the catálogo and a signing key),
# the manual pages and the systemd unit.
#
#   tools/install.sh [--prefix DIR] [--sysconfdir DIR] [--statedir DIR] [--binary FILE] [--keep-config]
#
# --prefix      where bin/prep and share/man go (default /usr/local)
# --sysconfdir  the configuration's parent: SYSCONFDIR/prep/prep.conf (default /etc for the
#               prefixes /usr and /usr/local, else PREFIX/etc)
# --statedir    the daemon's home; the spool is STATEDIR/spool (default /var/lib/prep, else
#               PREFIX/var/lib/prep)
# --binary      install this prep instead of building release (packagers, tests)
# --keep-config leave an existing, changed prep.conf alone and install the rest (without it, a
#               changed prep.conf stops the install before anything is written)
#
# As root with a system prefix it also creates the system user 'prep' and the operators' group
# 'prep-operadores', and gives them the spool (prep:prep-operadores, mode 2751: operators read it
# through the group, stations only pass through to their shares of incoming/) and the secret key.
# It never starts or enables the service: it prints the commands.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix=/usr/local sysconfdir="" statedir="" binario="" conservar=0
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
        --sysconfdir) sysconfdir="${2:?--sysconfdir needs a folder}"; shift 2 ;;
        --statedir) statedir="${2:?--statedir needs a folder}"; shift 2 ;;
        --binary) binario="${2:?--binary needs a file}"; shift 2 ;;
        --keep-config) conservar=1; shift ;;
        -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
prefix="$(realpath -m "$prefix")"
sistema=0
case "$prefix" in /usr|/usr/local) sistema=1 ;; esac
if [ -z "$sysconfdir" ]; then [ $sistema = 1 ] && sysconfdir=/etc || sysconfdir="$prefix/etc"; fi
if [ -z "$statedir" ]; then [ $sistema = 1 ] && statedir=/var/lib/prep || statedir="$prefix/var/lib/prep"; fi
if [ $sistema = 1 ]; then unitdir=/etc/systemd/system; else unitdir="$prefix/lib/systemd/system"; fi
etc="$sysconfdir/prep"

# The configuration as installed: the shipped file, its spool under STATEDIR. Relative paths
# (catalogo, keys/prep.sec) work from its folder.
nueva="$(mktemp)"
trap 'rm -f "$nueva"' EXIT
sed "s|^spool = .*|spool = $statedir/spool|" etc/prep.conf > "$nueva"
instalar_config=1
if [ -e "$etc/prep.conf" ] && ! cmp -s "$nueva" "$etc/prep.conf"; then
    if [ $conservar = 0 ]; then
        echo "install.sh: $etc/prep.conf was changed; refusing to overwrite it. Compare it with" >&2
        echo "  etc/prep.conf (spool = $statedir/spool), or run again with --keep-config to keep it." >&2
        exit 1
    fi
    instalar_config=0
    echo "keeping the changed $etc/prep.conf"
fi

if [ -z "$binario" ]; then
    swift build -c release --product prep
    binario=.build/release/prep
fi
install -D -m 0755 "$binario" "$prefix/bin/prep"
install -D -m 0644 man/man8/prep.8 "$prefix/share/man/man8/prep.8"
install -D -m 0644 man/man5/prep.conf.5 "$prefix/share/man/man5/prep.conf.5"
# The installed binary reads this to find its configuration without --config (PREP_CONFIG wins).
install -d -m 0755 "$prefix/share/prep"
printf '%s\n' "$etc/prep.conf" > "$prefix/share/prep/config"
install -d -m 0755 "$etc"
[ $instalar_config = 1 ] && install -m 0644 "$nueva" "$etc/prep.conf"
rm -rf "$etc/catalogo.new" && cp -R etc/catalogo "$etc/catalogo.new" && rm -rf "$etc/catalogo" && mv "$etc/catalogo.new" "$etc/catalogo"
install -d -m 0755 "$statedir" "$statedir/spool"
install -d -m 0700 "$etc/keys"
if [ ! -e "$etc/keys/prep.sec" ]; then
    "$prefix/bin/prep" keygen --out "$etc/keys/prep" >/dev/null
    echo "created the signing key $etc/keys/prep.sec (public: $etc/keys/prep.pub)"
fi
install -D -m 0644 /dev/null "$unitdir/prep.service"
sed -e "s|/usr/local/bin/prep|$prefix/bin/prep|" -e "s|/etc/prep/prep.conf|$etc/prep.conf|" \
    -e "s|/var/lib/prep|$statedir|g" etc/prep.service > "$unitdir/prep.service"

if [ $sistema = 1 ] && [ "$(id -u)" = 0 ]; then
    id prep >/dev/null 2>&1 || useradd --system --home-dir "$statedir" --no-create-home --shell /usr/sbin/nologin prep
    getent group prep-operadores >/dev/null || groupadd --system prep-operadores
    # The daemon in the operators' group too: its fchmod of a folder keeps the setgid bit.
    id -nG prep | grep -qw prep-operadores || usermod -aG prep-operadores prep
    chown prep:prep "$statedir"
    chown -R prep:prep "$etc/keys"
    # The spool (docs/spool.md, "Users and groups"): the daemon's, read by the operators' group,
    # which the setgid bit hands down to every folder the daemon makes; stations (never in
    # prep or prep-operadores) pass through the root and incoming/ to their own shares only.
    # What is already in the spool is left alone (stations' shares keep their owners).
    chown prep:prep-operadores "$statedir/spool"
    chmod 2751 "$statedir/spool"
    install -d -o prep -g prep-operadores -m 2751 "$statedir/spool/incoming"
    command -v mandb >/dev/null && mandb -q || true
fi

echo "installed: $prefix/bin/prep ($("$prefix/bin/prep" --version)), $etc/prep.conf, $prefix/share/man/man8/prep.8,"
echo "  $prefix/share/man/man5/prep.conf.5, $unitdir/prep.service; spool $statedir/spool"
if [ $sistema = 1 ]; then
    echo "next: systemctl daemon-reload && systemctl enable --now prep; then prep status (it finds $etc/prep.conf)"
    echo "  operators: usermod -aG prep-operadores NAME; each station its own share, e.g."
    echo "  install -d -o STATION -g prep -m 2770 $statedir/spool/incoming/catd-05 (stations never in prep or prep-operadores)"
else
    # Outside the system the unit is not where systemd looks: run it by hand, or link it.
    echo "next: $prefix/bin/prep run (it finds $etc/prep.conf); $prefix/bin/prep status in another terminal"
    echo "  as a service: systemctl link $unitdir/prep.service && systemctl enable --now prep"
    echo "  the manual: MANPATH=$prefix/share/man man 8 prep"
fi
