#!/bin/bash
# Container health check without curl or wget (newer eclipse-temurin images ship neither):
# one HTTP/1.0 GET over bash's /dev/tcp; healthy only when the answer is 200.
# Usage: healthcheck.sh [PATH]   (default /actuator/health/readiness; port from SERVER_PORT, default 8080)
set -u
path="${1:-/actuator/health/readiness}"
port="${SERVER_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 3 status <&3 || exit 1
case "$status" in
  "HTTP/1."?" 200"*) exit 0 ;;
  *) exit 1 ;;
esac
