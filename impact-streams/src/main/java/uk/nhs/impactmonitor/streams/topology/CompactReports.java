package uk.nhs.impactmonitor.streams.topology;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.streams.model.ModelInput;

/**
 * Daily reports and model inputs in {@link CompactSerde}'s form. A report: schemaVersion (int), practice code, day
 * (epoch day, int), the seven counts in {@link Metric} order (ints), receivedAt. A model input carrying a report is
 * that report; one carrying a notice (rare) is written as JSON.
 */
public final class CompactReports {

    static final byte REPORT = 0x01;
    private static final Metric[] METRICS = Metric.REPORT_METRICS.toArray(new Metric[0]);

    private CompactReports() {
    }

    /** The report store's serde. */
    public static Serde<DailyReport> storeSerde(Serde<DailyReport> json) {
        return new CompactSerde<>(REPORTS, json, DailyReport.class);
    }

    /** The repartition topic's serde. */
    public static Serde<ModelInput> modelInputSerde(Serde<ModelInput> json) {
        return new CompactSerde<>(new CompactSerde.Codec<>() {
            @Override
            public byte format() {
                return REPORT;
            }

            @Override
            public boolean write(ModelInput value, ByteBuffer out) {
                return value.report() != null && REPORTS.write(value.report(), out);
            }

            @Override
            public ModelInput read(ByteBuffer in) {
                return ModelInput.of(REPORTS.read(in));
            }

            @Override
            public List<String> problems(ModelInput value) {
                return value.problems();
            }
        }, json, ModelInput.class);
    }

    static final CompactSerde.Codec<DailyReport> REPORTS = new CompactSerde.Codec<>() {
        @Override
        public byte format() {
            return REPORT;
        }

        @Override
        public boolean write(DailyReport report, ByteBuffer out) {
            out.putInt(report.schemaVersion());
            CompactSerde.putString(out, report.practiceCode());
            out.putInt((int) report.day().toEpochDay());
            for (Metric metric : METRICS) {
                out.putInt(report.count(metric));
            }
            CompactSerde.putInstant(out, report.receivedAt());
            return true;
        }

        @Override
        public DailyReport read(ByteBuffer in) {
            int schemaVersion = in.getInt();
            String practiceCode = CompactSerde.getString(in);
            LocalDate day = LocalDate.ofEpochDay(in.getInt());
            int[] counts = new int[METRICS.length];
            for (int m = 0; m < counts.length; m++) {
                counts[m] = in.getInt();
            }
            return new DailyReport(schemaVersion, practiceCode, day, counts[0], counts[1], counts[2], counts[3], counts[4],
                    counts[5], counts[6], CompactSerde.getInstant(in));
        }

        @Override
        public List<String> problems(DailyReport value) {
            return value.problems();
        }
    };
}
