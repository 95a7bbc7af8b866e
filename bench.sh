#!/usr/bin/env bash
# The benchmark, in one go: builds the monitor (tests skipped; they are `mvn -B verify`), then runs
# uk.nhs.impactmonitor.bench.Bench on one in-process KRaft broker and writes docs/benchmarks.md and
# docs/benchmarks-scaling.svg. Options are --name=value (bench/README.md), e.g. --scale=small for a quick run,
# --scales=1,2 to skip the 4× replay. The full run takes ~20 min on 2 cores.
set -euo pipefail
cd "$(dirname "$0")"
# package, not install: the class path is this checkout's module jars (target/), never whatever ~/.m2 holds
mvn -B -q -DskipTests -pl bench -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java ${BENCH_JAVA_OPTS:--Xmx6g -XX:+UseG1GC} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
     uk.nhs.impactmonitor.bench.Bench "$@"
