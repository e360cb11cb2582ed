#!/bin/sh
# Make sure the system programs named on the command line are installed:
#   sh scripts/provision.sh chromium java nginx
# (nginx means nginx with its brotli module, which deploy/nginx.conf uses.)
# `make test` (so CI too) and `make bench` run it. Root installs what is
# missing with apt-get; elsewhere sudo does, when it needs no password;
# otherwise it stops and says what to install.
set -eu

package_of() {
    case "$1" in
        chromium) echo chromium ;;
        java) echo default-jre-headless ;;
        nginx) echo "nginx libnginx-mod-http-brotli-static" ;;
        hugo) echo hugo ;;
        npm) echo npm ;;
        *) echo "provision: no package is known for '$1'" >&2; exit 2 ;;
    esac
}

# Daemons such as nginx live in sbin, which is not on every user's PATH.
found() {
    PATH="$PATH:/usr/sbin:/sbin" command -v "$1" >/dev/null 2>&1 || return 1
    [ "$1" != nginx ] || brotli_module_found
}

# nginx does not include the brotli module (ngx_brotli); Debian packages it
# apart. It lives where `nginx -V` says modules go.
brotli_module_found() {
    modules=$(PATH="$PATH:/usr/sbin:/sbin" nginx -V 2>&1 |
        sed -n 's/.*--modules-path=\([^ ]*\).*/\1/p')
    [ -f "${modules:-/usr/lib/nginx/modules}/ngx_http_brotli_static_module.so" ]
}

missing=""
for program in "$@"; do
    found "$program" || missing="$missing $(package_of "$program")"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root="sudo -n"
else
    as_root="none"
fi
if [ "$as_root" != none ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing$missing with apt-get..."
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || true
    $as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

for program in "$@"; do
    if ! found "$program"; then
        echo "provision: $program is needed and not installed. On Debian or Ubuntu:" \
            "sudo apt-get install $(package_of "$program"); elsewhere install it and put" \
            "it on PATH." >&2
        exit 1
    fi
done
