#!/usr/bin/env bash
# deploy/install-deps.sh: install every Debian 12 package dcvd's build, tests and benchmarks need.
# Idempotent and non-interactive; DNS servers installed here are never started as services.
set -euo pipefail

packages=(
    # build
    build-essential cmake ninja-build pkg-config python3 clang-format clang lld libclang-rt-14-dev
    # libraries
    libldns-dev libuv1-dev liblmdb-dev libssl-dev libcurl4-openssl-dev libspdlog-dev libfmt-dev
    nlohmann-json3-dev libtomlplusplus-dev libcli11-dev catch2 libhttp-parser-dev libidn2-dev
    # tests and benchmarks: DNS clients, peer servers, load generator
    knot-dnsutils bind9-dnsutils ldnsutils knot nsd unbound dnsperf lmdb-utils procps iproute2 curl
    # write benchmark (bench/write_bench.py): PowerDNS with its LMDB backend
    pdns-server pdns-backend-lmdb
    # end-to-end tests (tests/e2e): ACME CA, ACME clients, throwaway TLS certificates
    pebble lego certbot openssl
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages ${missing[*]}; run as root to install them" >&2
    exit 1
fi

# A policy-rc.d that refuses every start keeps knot, nsd and unbound from running as system
# services after installation (invoke-rc.d consults it); we remove it afterwards only if we made it.
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    made_policy=1
fi
cleanup() { if [ "$made_policy" -eq 1 ]; then rm -f "$policy"; fi; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

# Packages that start their daemon from a maintainer script without invoke-rc.d would still be
# stopped here; with systemd absent (containers) there is nothing to disable.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    for unit in knot nsd unbound pdns; do
        systemctl disable --now "$unit" >/dev/null 2>&1 || true
    done
fi
