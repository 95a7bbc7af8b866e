package uk.nhs.impactmonitor.streams.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/** The headers a dead-lettered record carries: why it was refused and where it came from. */
public final class DeadLetterHeaders {

    public static final String REASON = "dlq.reason";
    public static final String EXCEPTION = "dlq.exception";
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";

    private DeadLetterHeaders() {
    }

    public static Headers add(Headers headers, String reason, String exception, String topic, int partition, long offset) {
        put(headers, REASON, reason);
        put(headers, EXCEPTION, exception);
        put(headers, SOURCE_TOPIC, topic);
        put(headers, SOURCE_PARTITION, String.valueOf(partition));
        put(headers, SOURCE_OFFSET, String.valueOf(offset));
        return headers;
    }

    public static String get(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }
}
