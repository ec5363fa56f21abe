#!/bin/sh
# Starts the service: JVM options from JAVA_OPTS (split on spaces), Spring arguments from the command.
# exec, so that java is PID 1 and gets SIGTERM for its graceful shutdown.
# From the extracted jar and its class-data archive when the image build made one (cds-archive.sh), else from
# the fat jar. -Xshare stays at the JVM's default (auto): an archive this JVM cannot use is skipped (-Xlog:cds says
# why) and the classes load from the jars. JAVA_OPTS come after the archive's option, so that they can override it.
set -eu
jar=/app/app.jar
archive=
if [ -s /app/cds/app.jsa ] && [ -f /app/cds/app.jar ]; then
  jar=/app/cds/app.jar
  archive=-XX:SharedArchiveFile=/app/cds/app.jsa
fi
# shellcheck disable=SC2086
exec java $archive ${JAVA_OPTS:-} -jar "$jar" "$@"
