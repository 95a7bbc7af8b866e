package uk.nhs.impactmonitor.domain.topic;

import org.apache.kafka.common.serialization.Serde;

/** A topic of the inside contract with the serdes of its key and value. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted) {

    /** Where records of this topic that cannot be read go, with the reason in their headers. */
    public String deadLetterTopic() {
        return deadLetterTopic(name);
    }

    public static String deadLetterTopic(String topic) {
        return topic + ".dlq";
    }
}
