package uk.nhs.impactmonitor.streams.topology;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for impact-streams' own topics (its repartition topic and store changelogs) that writes a value in a few
 * dozen bytes instead of JSON; the contract's topics stay JSON. Writing and reading JSON on the way into and out of
 * the model took a large share of the stream thread in the benchmark (docs/benchmarks.md), where this format costs a
 * few field copies.
 *
 * <p>A compact value starts with a control byte (its format), which JSON never starts with, so the reader still
 * accepts JSON: what was written before (a kept state directory, a changelog, a repartition topic mid-flight) stays
 * readable. A compact value is checked by the same rules as its JSON, so a broken one fails the same way.
 *
 * @param <T> the value type
 */
public final class CompactSerde<T> implements Serde<T> {

    /** How one type is written compactly: its format byte and the code after it. */
    public interface Codec<T> {
        /** The first byte of every compact value of this type (below 0x20: never the first byte of JSON). */
        byte format();

        /** Writes the value after the format byte; false when this value has no compact form (JSON is written). */
        boolean write(T value, ByteBuffer out);

        T read(ByteBuffer in);

        /** The value's own rules (empty when sound), as its JSON serde checks them. */
        List<String> problems(T value);
    }

    /** Larger than any compact value of the model's types. */
    private static final int MAX_BYTES = 512;

    private final Codec<T> codec;
    private final Serde<T> json;
    private final String typeName;

    public CompactSerde(Codec<T> codec, Serde<T> json, Class<T> type) {
        this.codec = codec;
        this.json = json;
        this.typeName = type.getSimpleName();
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            ByteBuffer out = ByteBuffer.allocate(MAX_BYTES);
            out.put(codec.format());
            if (!codec.write(value, out)) {
                return json.serializer().serialize(topic, value);
            }
            byte[] bytes = new byte[out.position()];
            out.flip().get(bytes);
            return bytes;
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null || bytes.length == 0 || bytes[0] != codec.format()) {
                return json.deserializer().deserialize(topic, bytes);
            }
            T value;
            try {
                ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
                value = codec.read(in);
                if (in.hasRemaining()) {
                    throw new SerializationException("not a compact " + typeName + ": " + in.remaining() + " bytes left over");
                }
            } catch (BufferUnderflowException | DateTimeException | IllegalArgumentException e) {
                throw new SerializationException("not a compact " + typeName + ": " + e, e);
            }
            List<String> problems = codec.problems(value);
            if (!problems.isEmpty()) {
                throw new SerializationException("invalid " + typeName + ": " + String.join("; ", problems));
            }
            return value;
        };
    }

    static void putString(ByteBuffer out, String text) {
        if (text == null) {
            out.put((byte) -1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 127) {
            throw new SerializationException("a compact text is at most 127 bytes, not " + bytes.length);
        }
        out.put((byte) bytes.length).put(bytes);
    }

    static String getString(ByteBuffer in) {
        int length = in.get();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static <E extends Enum<E>> void putEnum(ByteBuffer out, E value) {
        putString(out, value == null ? null : value.name());
    }

    static <E extends Enum<E>> E getEnum(ByteBuffer in, Function<String, E> valueOf) {
        String name = getString(in);
        return name == null ? null : valueOf.apply(name);
    }

    static void putInstant(ByteBuffer out, Instant instant) {
        if (instant == null) {
            out.putLong(Long.MIN_VALUE);
        } else {
            out.putLong(instant.getEpochSecond()).putInt(instant.getNano());
        }
    }

    static Instant getInstant(ByteBuffer in) {
        long seconds = in.getLong();
        return seconds == Long.MIN_VALUE ? null : Instant.ofEpochSecond(seconds, in.getInt());
    }
}
