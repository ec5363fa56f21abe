# syntax=docker/dockerfile:1
#
# One image per service; the build argument SERVICE picks the Maven module:
#   docker build --build-arg SERVICE=participant-service -t distlab/participant-service:dev .
#   (gateway-service, coordinator-service or participant-service; docker compose build does all three)
#
# The image runs `java $JAVA_OPTS -jar app.jar <command arguments>` as user 10001 (the jar extracted at build
# time, with the class-data archive of a training run: docker/cds-archive.sh), listens on 8080
# (SERVER_PORT) and keeps its durable state in the volume /data (PLATFORM_DATA_DIR). Identity, peers and
# instance lists are command arguments, the cluster token the environment variable PLATFORM_CLUSTER_TOKEN:
# see docs/DEPLOY.md.
# Where this build cannot run (no registry, or containers without Maven Central): images from jars built on the
# host with docker/prebuilt-images.sh (docker/Dockerfile.prebuilt), which runs the same way.

ARG SERVICE=participant-service

FROM eclipse-temurin:17-jdk AS build
ARG SERVICE
RUN case "$SERVICE" in \
      gateway-service|coordinator-service|participant-service) ;; \
      *) echo "SERVICE must be gateway-service, coordinator-service or participant-service, not '$SERVICE'" >&2; \
         exit 1 ;; \
    esac
WORKDIR /src
# the whole reactor (Maven reads every module's pom); .dockerignore keeps target/, .git and .cluster/ out
COPY . .
# the Maven repository is a build cache, shared between builds and services, never part of an image;
# -DskipTests still compiles tests, because gateway-service needs config-client's test-jar
RUN --mount=type=cache,target=/root/.m2 \
    chmod +x mvnw \
 && ./mvnw -B -ntp -q package -DskipTests -pl "$SERVICE" -am \
 && cp "$SERVICE"/target/"$SERVICE"-*-exec.jar /app.jar

FROM eclipse-temurin:17-jre
ARG SERVICE
RUN groupadd --system --gid 10001 distlab \
 && useradd --system --uid 10001 --gid distlab --home-dir /app --no-create-home --shell /usr/sbin/nologin distlab \
 && mkdir -p /app /data \
 && chown distlab:distlab /data
WORKDIR /app
COPY --from=build /app.jar /app/app.jar
COPY --chmod=0755 docker/entrypoint.sh docker/healthcheck.sh docker/cds-archive.sh /app/
ENV SERVICE=${SERVICE} \
    SERVER_PORT=8080 \
    PLATFORM_DATA_DIR=/data \
    JAVA_OPTS="-XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"
# the class-data archive the entry point starts from, made as root in this stage with this stage's JVM: it is
# valid only with the jars this layer extracts (see docker/cds-archive.sh)
RUN /app/cds-archive.sh
# an empty named volume mounted here starts with this directory's owner, so user 10001 can write to it
VOLUME ["/data"]
EXPOSE 8080
USER 10001:10001
HEALTHCHECK --interval=5s --timeout=3s --start-period=120s --retries=5 \
    CMD ["/app/healthcheck.sh", "/actuator/health/readiness"]
ENTRYPOINT ["/app/entrypoint.sh"]
