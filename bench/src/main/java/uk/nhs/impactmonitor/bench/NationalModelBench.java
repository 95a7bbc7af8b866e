package uk.nhs.impactmonitor.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.simulator.output.SimulatedEvent;
import uk.nhs.impactmonitor.streams.model.NationalModel;

/**
 * The national model alone, without Kafka (what {@code impact-streams}' old {@code NationalModelBench} measured, now on
 * the simulator's national data): every event put straight into a {@link NationalModel}, every day computed. It is
 * also the "direct run" the full topology's indicators are checked against.
 */
final class NationalModelBench {

    private NationalModelBench() {
    }

    /**
     * @param reports          reports put
     * @param notices          notice events put
     * @param loadSeconds      putting them all
     * @param heapBytes        heap the loaded model holds (after a full GC, less the heap before)
     * @param days             days computed
     * @param computeMsPerDay  mean time to compute one day of every area
     * @param serialiseMsPerDay mean time to serialise one day's values as impact-streams writes them
     * @param valuesPerDay     mean values per day
     */
    record Result(long reports, long notices, double loadSeconds, long heapBytes, int days, double computeMsPerDay,
                  double serialiseMsPerDay, long valuesPerDay) {
    }

    /** A loaded model and what loading it cost. */
    record Loaded(NationalModel model, long reports, long notices, double loadSeconds, long heapBytes,
                  Map<String, uk.nhs.impactmonitor.domain.notice.NoticeEvent> latestNotices) {
    }

    static Loaded load(NationalData data, LocalDate from, LocalDate to) {
        long heapBefore = Heap.usedAfterGc();
        NationalModel model = new NationalModel(data.directory(), data.baselineFrom(), data.baselineTo());
        long[] counts = new long[2];
        long[] nanos = new long[1];
        Map<String, uk.nhs.impactmonitor.domain.notice.NoticeEvent> latestNotices = new java.util.HashMap<>();
        data.replay(from, to, event -> {
            long t0 = System.nanoTime();
            if (event instanceof SimulatedEvent.Report report) {
                model.putReport(report.report());
                counts[0]++;
            } else {
                var notice = ((SimulatedEvent.Notice) event).event();
                model.putNotice(notice);
                latestNotices.put(notice.noticeId(), notice);
                counts[1]++;
            }
            nanos[0] += System.nanoTime() - t0;
        });
        long heap = Heap.usedAfterGc() - heapBefore;
        return new Loaded(model, counts[0], counts[1], nanos[0] / 1e9, heap, latestNotices);
    }

    /**
     * Computes every day of the loaded model (after a warm-up round over its first 20 days) and, when
     * {@code stored} is given, checks each value against it.
     */
    static Result computeAll(Loaded loaded, Comparison comparison) {
        NationalModel model = loaded.model();
        Serializer<IndicatorValue> serializer = Topics.IMPACT_INDICATORS.valueSerde().serializer();
        Instant now = Instant.now();
        List<LocalDate> days = model.allDays();
        long computeNanos = 0;
        long serialiseNanos = 0;
        long values = 0;
        for (int round = 0; round < 2; round++) {
            computeNanos = 0;
            serialiseNanos = 0;
            values = 0;
            // round 0 warms the JIT on a few days; round 1 is timed over every day
            for (LocalDate day : round == 0 ? days.subList(0, Math.min(days.size(), 20)) : days) {
                long t0 = System.nanoTime();
                NationalModel.DayValues computed = model.compute(day, now);
                long t1 = System.nanoTime();
                for (IndicatorValue value : computed.values()) {
                    serializer.serialize(Topics.IMPACT_INDICATORS.name(), value);
                }
                computeNanos += t1 - t0;
                serialiseNanos += System.nanoTime() - t1;
                values += computed.values().size();
                if (round == 1 && comparison != null) {
                    comparison.check(computed);
                }
            }
        }
        int n = Math.max(1, days.size());
        return new Result(loaded.reports(), loaded.notices(), loaded.loadSeconds(), loaded.heapBytes(), days.size(),
                computeNanos / 1e6 / n, serialiseNanos / 1e6 / n, values / n);
    }

    /**
     * The full topology's indicator-values store against the direct run: every value the model computes must be stored
     * with the same reading; every stored value must be one of them, or a retired attributable value (null).
     */
    static final class Comparison {
        private final Map<String, IndicatorValue> stored;
        private final java.util.Set<String> seen = new java.util.HashSet<>();
        private long compared;
        private final List<String> mismatches = new ArrayList<>();

        Comparison(Map<String, IndicatorValue> stored) {
            this.stored = stored;
        }

        void check(NationalModel.DayValues day) {
            for (IndicatorValue value : day.values()) {
                compared++;
                seen.add(value.key());
                IndicatorValue other = stored.get(value.key());
                if (!value.sameReadingAs(other)) {
                    mismatch(value.key() + ": direct " + value.value() + " (" + value.practices() + "/" + value.practiceDays()
                            + "), stored " + (other == null ? "nothing" : other.value() + " (" + other.practices() + "/" + other.practiceDays() + ")"));
                }
            }
            for (IndicatorValue retired : day.noLongerInForce()) {
                seen.add(retired.key());
                IndicatorValue other = stored.get(retired.key());
                if (other != null && other.value() != null) {
                    mismatch(retired.key() + ": no longer in force, stored " + other.value());
                }
            }
        }

        /** Stored values the direct run never computed. */
        long unexplained() {
            return stored.keySet().stream().filter(key -> !seen.contains(key)).count();
        }

        long compared() {
            return compared;
        }

        List<String> mismatches() {
            return mismatches;
        }

        boolean equal() {
            return mismatches.isEmpty() && unexplained() == 0 && compared > 0;
        }

        private void mismatch(String text) {
            if (mismatches.size() < 20) {
                mismatches.add(text);
            } else if (mismatches.size() == 20) {
                mismatches.add("...");
            }
        }
    }
}
