package uk.nhs.impactmonitor.streams.deadletter;

import org.apache.kafka.common.header.Headers;

/**
 * The dead-letter headers as impact-streams' code names them: the one set of names of monitor-kafka's
 * {@link uk.nhs.impactmonitor.kafka.DeadLetterHeaders}, which every service writes.
 */
public final class DeadLetterHeaders {

    public static final String REASON = uk.nhs.impactmonitor.kafka.DeadLetterHeaders.REASON;
    public static final String EXCEPTION = uk.nhs.impactmonitor.kafka.DeadLetterHeaders.EXCEPTION;
    public static final String SOURCE_TOPIC = uk.nhs.impactmonitor.kafka.DeadLetterHeaders.SOURCE_TOPIC;
    public static final String SOURCE_PARTITION = uk.nhs.impactmonitor.kafka.DeadLetterHeaders.SOURCE_PARTITION;
    public static final String SOURCE_OFFSET = uk.nhs.impactmonitor.kafka.DeadLetterHeaders.SOURCE_OFFSET;

    private DeadLetterHeaders() {
    }

    public static Headers add(Headers headers, String reason, String exception, String topic, int partition, long offset) {
        return uk.nhs.impactmonitor.kafka.DeadLetterHeaders.add(headers, reason, exception, topic, partition, offset);
    }

    public static String get(Headers headers, String name) {
        return uk.nhs.impactmonitor.kafka.DeadLetterHeaders.get(headers, name);
    }
}
