package uk.nhs.impactmonitor.domain.topic;

import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;

/**
 * JSON serde for a record type of the inside contract. Reading also checks the record's own rules
 * (schemaVersion, required fields): a value that parses but breaks them is as unreadable as broken
 * JSON, so it fails the same way and goes to the dead-letter topic with the reason.
 */
public final class JsonSerde<T> implements Serde<T> {

    private final Class<T> type;
    private final Function<T, List<String>> problems;

    public JsonSerde(Class<T> type) {
        this(type, value -> List.of());
    }

    public JsonSerde(Class<T> type, Function<T, List<String>> problems) {
        this.type = type;
        this.problems = problems;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return Json.MAPPER.writeValueAsBytes(value);
            } catch (JacksonException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            T value;
            try {
                value = Json.MAPPER.readValue(bytes, type);
            } catch (JacksonException e) {
                throw new SerializationException("not a readable " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
            }
            List<String> found = problems.apply(value);
            if (!found.isEmpty()) {
                throw new SerializationException("invalid " + type.getSimpleName() + ": " + String.join("; ", found));
            }
            return value;
        };
    }
}
