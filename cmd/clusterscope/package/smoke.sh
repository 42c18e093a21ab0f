#!/bin/bash
# Smoke test of a linux/arm64 clusterscope under qemu-user-static (make
# package): it loads a small demo, validates one of its workbooks, serves,
# signs in and answers a data page. Usage: smoke.sh BINARY
set -euo pipefail
bin=$(readlink -f "$1")
export QEMU_LD_PREFIX=/usr/aarch64-linux-gnu
run() { qemu-aarch64-static "$bin" "$@"; }
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
say() { echo "smoke (arm64): $*"; }
start=$(date +%s)

file -b "$bin" | grep -q 'ARM aarch64' || { say "$bin is not an arm64 binary"; exit 1; }
run demo --data "$dir/data" --candidates 2 --recognised 3 >"$dir/demo.out"
workbook=$(find "$dir/data/demo/workbooks" -name '*.xlsx' | head -n 1)
run validate "$workbook" >"$dir/validate.out" || { cat "$dir/validate.out"; say "validate failed"; exit 1; }
say "demo loaded, $(basename "$workbook") validated"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
# qemu itself in the background (not the function run), so $! is the server
qemu-aarch64-static "$bin" serve --data "$dir/data" --addr "127.0.0.1:$port" >"$dir/serve.out" 2>&1 &
pid=$!
for _ in $(seq 120); do
	curl -fs "$base/readyz" >/dev/null 2>&1 && break
	kill -0 "$pid" 2>/dev/null || { cat "$dir/serve.out"; say "serve exited"; exit 1; }
	sleep 1
done
curl -fs "$base/readyz" >/dev/null || { cat "$dir/serve.out"; say "not ready after 120 s"; exit 1; }

password=$(awk '$1 == "admin" { print $NF }' "$dir/data/demo/演示账户.txt")
jar=$dir/cookies
csrf=$(curl -fs -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
curl -fs -o /dev/null -c "$jar" -b "$jar" -H "Origin: $base" --data-urlencode "csrf=$csrf" \
	--data-urlencode username=admin --data-urlencode "password=$password" "$base/login"
page=$(curl -fs -b "$jar" "$base/api/overview?batch=2022")
echo "$page" | grep -q '"charts"' || { echo "$page" | head -c 500; say "no charts in /api/overview"; exit 1; }
curl -fs -b "$jar" "$base/overview" | grep -q '<html' || { say "/overview is not a page"; exit 1; }
say "served, signed in, answered /overview and its data in $(($(date +%s) - start)) s"
