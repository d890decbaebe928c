#!/usr/bin/env bash
# e2e/dcvd-hook.sh: the DNS-01 hook of the end-to-end tests: lego's exec provider calls it as
# `dcvd-hook.sh present|cleanup FQDN VALUE`, certbot's manual hooks with CERTBOT_DOMAIN and
# CERTBOT_VALIDATION in those places. It publishes or removes VALUE for the host through dcvd.
#
# The name may be _acme-challenge.<host>., <host>.<validation zone>. (lego follows the CNAME
# first), *.<host> or <host>: all of them mean <host>.
#
# Environment: DCVD_HOOK_MODE is one of
#   cli     `dcvd txt add|rm` on the store beside the running server (DCVD_BINARY, DCVD_CONFIG)
#   native  the native HTTP API with curl (DCVD_API = http://ip:port, DCVD_TOKEN a write token)
#   wrong   like cli, but publishes a value that is not VALUE (the tests' negative control)
# DCVD_ZONE is the validation zone without its final dot; DCVD_HOOK_TTL, if set, the values'
# TTL in seconds (else dcvd's default).
set -euo pipefail

if [ $# -ne 3 ]; then
    echo "usage: $0 present|cleanup FQDN VALUE" >&2
    exit 2
fi
action=$1
value=$3
host=${2%.}
host=${host,,}
host=${host#_acme-challenge.}
host=${host#\*.}
case $host in
*."$DCVD_ZONE") host=${host%."$DCVD_ZONE"} ;;
esac
echo "dcvd-hook: $action mode=$DCVD_HOOK_MODE name=$2 host=$host value=$value" >&2

ttl=()
if [ -n "${DCVD_HOOK_TTL:-}" ]; then
    ttl=(--ttl "$DCVD_HOOK_TTL")
fi

api() { # METHOD PATH [JSON]
    curl --fail-with-body -sS --max-time 10 -X "$1" -H "Authorization: Bearer $DCVD_TOKEN" \
        ${3:+-H 'Content-Type: application/json' --data "$3"} "$DCVD_API$2"
    echo
}

# `--` ends the options: a digest is base64url and may begin with "-" (1 in 64 do), which
# `dcvd txt` would otherwise take for an option ("VALUE is required").
txt() { # add|rm VALUE
    if [ "$1" = add ]; then
        exec "$DCVD_BINARY" txt add --config "$DCVD_CONFIG" "${ttl[@]}" -- "$host" "$2"
    fi
    exec "$DCVD_BINARY" txt rm --config "$DCVD_CONFIG" -- "$host" "$2"
}

case $DCVD_HOOK_MODE:$action in
cli:present) txt add "$value" ;;
cli:cleanup) txt rm "$value" ;;
wrong:present) txt add "not-$value" ;;
wrong:cleanup) txt rm "not-$value" ;;
native:present)
    api PUT "/v1/delegations/$host"
    api POST "/v1/delegations/$host/txt" \
        "{\"value\": \"$value\"${DCVD_HOOK_TTL:+, \"ttl\": $DCVD_HOOK_TTL}}"
    ;;
native:cleanup) api DELETE "/v1/delegations/$host/txt/$value" ;;
*)
    echo "dcvd-hook: unknown mode or action: $DCVD_HOOK_MODE $action" >&2
    exit 2
    ;;
esac
