#!/bin/sh
# Starts the service: JVM options from JAVA_OPTS (split on spaces), Spring arguments from the command.
# exec, so that java is PID 1 and gets SIGTERM for its graceful shutdown.
set -eu
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar /app/app.jar "$@"
