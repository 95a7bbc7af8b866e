package uk.nhs.impactmonitor.streams.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.streams.model.NationalModel;

/**
 * How the national model scales (a benchmark, run by hand, never a test): every synthetic practice (6,202)
 * reporting every day of a baseline and two months of monitoring, 10% with a notice. Prints the cost of loading
 * the reports, of recomputing one day, and of serialising one day's values (what the processor writes and emits).
 *
 * <p>Run: {@code java -cp <test classpath> uk.nhs.impactmonitor.streams.bench.NationalModelBench [days]}
 */
public final class NationalModelBench {

    private NationalModelBench() {
    }

    public static void main(String[] args) {
        int monitoringDays = args.length > 0 ? Integer.parseInt(args[0]) : 61;
        LocalDate baselineFrom = LocalDate.parse("2024-07-04");
        LocalDate baselineTo = LocalDate.parse("2024-07-31");
        PracticeDirectory directory = SyntheticDirectory.build();
        List<Practice> practices = List.copyOf(directory.practices());
        Random random = new Random(1);
        NationalModel model = new NationalModel(directory, baselineFrom, baselineTo);
        Instant received = Instant.parse("2024-10-01T00:00:00Z");

        long started = System.nanoTime();
        int reports = 0;
        LocalDate last = baselineTo.plusDays(monitoringDays);
        for (LocalDate day = baselineFrom; !day.isAfter(last); day = day.plusDays(1)) {
            for (Practice practice : practices) {
                int sessions = 5 + random.nextInt(10);
                model.putReport(new DailyReport(DailyReport.SCHEMA_VERSION, practice.code(), day, sessions, sessions * 22,
                        random.nextInt(sessions + 1), random.nextInt(8), random.nextInt(12), random.nextInt(10), random.nextInt(30), received));
                reports++;
            }
        }
        for (int i = 0; i < practices.size(); i += 10) {
            model.putNotice(new NoticeEvent(NoticeEvent.SCHEMA_VERSION, NoticeEventType.DECLARED, "bench-" + i, practices.get(i).code(),
                    CollectiveAction.values()[i % 10], baselineTo.plusDays(1 + random.nextInt(monitoringDays)), null, "bench", null, received));
        }
        long loaded = System.nanoTime();
        System.out.printf("loaded %,d reports and %,d notices in %,d ms (%d days)%n", reports, practices.size() / 10,
                (loaded - started) / 1_000_000, model.allDays().size());

        Runtime runtime = Runtime.getRuntime();
        System.gc();
        System.out.printf("heap used after GC with the model loaded: %,d MB%n", (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024));

        var serializer = Topics.IMPACT_INDICATORS.valueSerde().serializer();
        for (int round = 0; round < 3; round++) {
            long computeNanos = 0;
            long serialiseNanos = 0;
            long values = 0;
            int days = 0;
            for (LocalDate day : model.allDays()) {
                long t0 = System.nanoTime();
                NationalModel.DayValues computed = model.compute(day, received);
                long t1 = System.nanoTime();
                for (IndicatorValue value : computed.values()) {
                    serializer.serialize("impact-indicators", value);
                }
                long t2 = System.nanoTime();
                computeNanos += t1 - t0;
                serialiseNanos += t2 - t1;
                values += computed.values().size();
                days++;
            }
            System.out.printf("round %d: %d days, %,d values; per day: compute %.1f ms, serialise %.1f ms, %,d values%n", round, days,
                    values, computeNanos / 1e6 / days, serialiseNanos / 1e6 / days, values / days);
        }
        System.out.println("horizon " + model.earliest() + ".." + model.latest());
    }
}
