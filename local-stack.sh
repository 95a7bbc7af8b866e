#!/usr/bin/env bash
# Runs the whole monitor on this machine: builds it (tests skipped; they are `mvn -B verify`), then starts a real
# Kafka broker in-process, the topics and the three services. Options are Spring-style --name=value (README).
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests install
exec java ${JAVA_OPTS:-} -jar local-stack/target/local-stack-exec.jar "$@"
