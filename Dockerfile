# syntax=docker/dockerfile:1
# One image recipe for the three services; docker-compose.yml says which, with build args. Build context = the
# repository root, e.g.:
#   docker build --build-arg MODULE=ingest-service \
#     --build-arg MAIN_CLASS=uk.nhs.impactmonitor.ingest.IngestServiceApplication --build-arg PORT=8081 \
#     -t impact-monitor/ingest-service .
# The service jar is a plain jar, so the build stage collects its runtime dependencies beside it and the
# image runs it with a class path; the dependency layer changes far less often than the service's own jar.

FROM maven:3.9-eclipse-temurin-17 AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    test -n "$MODULE" \
 && mvn -B -q -pl "$MODULE" -am -DskipTests install \
 && mvn -B -q -pl "$MODULE" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=/app/lib \
 && find "$MODULE/target" -maxdepth 1 -name "$MODULE-*.jar" ! -name '*-tests.jar' ! -name '*-sources.jar' -exec cp {} /app/lib/ \;

FROM eclipse-temurin:17-jre
ARG MAIN_CLASS
ARG PORT
# curl answers the container healthcheck against /actuator/health
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --uid 10001 monitor
WORKDIR /app
COPY --from=build /app/lib/ lib/
# State (impact-streams' RocksDB stores under <data-dir>/impact-streams) lives here; docker-compose.yml mounts a
# named volume so a restart restores from local state instead of replaying the changelogs.
ENV MONITOR_DATA_DIR=/var/lib/impact-monitor
RUN mkdir -p /var/lib/impact-monitor && chown monitor:monitor /var/lib/impact-monitor
VOLUME /var/lib/impact-monitor

USER monitor
ENV MAIN_CLASS=${MAIN_CLASS} SERVER_PORT=${PORT} JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=5 \
  CMD curl -fsS "http://localhost:${SERVER_PORT}/actuator/health" || exit 1
ENTRYPOINT ["sh", "-c", "exec java -cp 'lib/*' \"$MAIN_CLASS\""]
