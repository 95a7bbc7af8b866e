package uk.nhs.impactmonitor.streams.topology;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/**
 * Indicator values in {@link CompactSerde}'s form, for the indicator-values store (read back for every value the
 * model recomputes, to emit only what changed): schemaVersion (int), indicator, action and metric (enum names, or
 * absent), area, day (epoch day, int), value (a presence byte and a double), from schema version 2 also low and high
 * (each a presence byte and a double) and provisional (a byte), then practices and practice-days (longs), updatedAt.
 * A version-1 value (written before indicators.md version 2) is still read, with no interval and not provisional.
 */
public final class CompactIndicatorValues {

    static final byte INDICATOR_VALUE = 0x02;

    private CompactIndicatorValues() {
    }

    public static Serde<IndicatorValue> storeSerde(Serde<IndicatorValue> json) {
        return new CompactSerde<>(CODEC, json, IndicatorValue.class);
    }

    private static final CompactSerde.Codec<IndicatorValue> CODEC = new CompactSerde.Codec<>() {
        @Override
        public byte format() {
            return INDICATOR_VALUE;
        }

        @Override
        public boolean write(IndicatorValue value, ByteBuffer out) {
            out.putInt(value.schemaVersion());
            CompactSerde.putEnum(out, value.indicator());
            CompactSerde.putEnum(out, value.action());
            CompactSerde.putEnum(out, value.metric());
            CompactSerde.putString(out, value.area());
            out.putInt((int) value.day().toEpochDay());
            putOptional(out, value.value());
            if (value.schemaVersion() >= 2) {
                putOptional(out, value.low());
                putOptional(out, value.high());
                out.put((byte) (value.provisional() ? 1 : 0));
            }
            out.putLong(value.practices()).putLong(value.practiceDays());
            CompactSerde.putInstant(out, value.updatedAt());
            return true;
        }

        @Override
        public IndicatorValue read(ByteBuffer in) {
            int schemaVersion = in.getInt();
            Indicator indicator = CompactSerde.getEnum(in, Indicator::valueOf);
            CollectiveAction action = CompactSerde.getEnum(in, CollectiveAction::valueOf);
            Metric metric = CompactSerde.getEnum(in, Metric::valueOf);
            String area = CompactSerde.getString(in);
            LocalDate day = LocalDate.ofEpochDay(in.getInt());
            Double value = getOptional(in);
            Double low = schemaVersion >= 2 ? getOptional(in) : null;
            Double high = schemaVersion >= 2 ? getOptional(in) : null;
            boolean provisional = schemaVersion >= 2 && in.get() != 0;
            return new IndicatorValue(schemaVersion, indicator, action, metric, area, day, value, low, high, provisional, in.getLong(),
                    in.getLong(), CompactSerde.getInstant(in));
        }

        @Override
        public List<String> problems(IndicatorValue value) {
            return value.schemaVersion() >= 1 && value.schemaVersion() <= IndicatorValue.SCHEMA_VERSION && value.indicator() != null && value.area() != null
                    && value.day() != null ? List.of() : List.of("schemaVersion, indicator, area and day: required");
        }
    };

    private static void putOptional(ByteBuffer out, Double value) {
        out.put((byte) (value == null ? 0 : 1));
        if (value != null) {
            out.putDouble(value);
        }
    }

    private static Double getOptional(ByteBuffer in) {
        return in.get() == 0 ? null : in.getDouble();
    }
}
