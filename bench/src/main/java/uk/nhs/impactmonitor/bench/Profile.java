package uk.nhs.impactmonitor.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording (the JDK's "profile" settings) around one measurement, read back as where the stream thread spent
 * its samples: the share of samples in which a method is on the stack (inclusive), for the methods that matter.
 */
final class Profile implements AutoCloseable {

    private final Recording recording;
    private final Path file;

    private Profile(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    static Profile start(Path file) {
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.start();
            return new Profile(recording, file);
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("JFR: " + e.getMessage(), e);
        }
    }

    /**
     * @param samples  execution samples of threads whose name contains {@code StreamThread}
     * @param shares   method → share of those samples with it on the stack, largest first
     */
    record Summary(long samples, Map<String, Double> shares, Path file) {
    }

    Summary stop(int top) {
        recording.stop();
        try {
            recording.dump(file);
            recording.close();
            Map<String, Long> inclusive = new TreeMap<>();
            long samples = 0;
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getThread("sampledThread") == null
                        || event.getThread("sampledThread").getJavaName() == null
                        || !event.getThread("sampledThread").getJavaName().contains("StreamThread") || event.getStackTrace() == null) {
                    continue;
                }
                samples++;
                Set<String> seen = new HashSet<>();
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                for (RecordedFrame frame : frames) {
                    String type = frame.getMethod().getType().getName();
                    String method = type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
                    if (seen.add(method)) {
                        inclusive.merge(method, 1L, Long::sum);
                    }
                }
                if (!frames.isEmpty()) {
                    RecordedFrame first = frames.get(0);
                    String type = first.getMethod().getType().getName();
                    inclusive.merge("(top) " + type.substring(type.lastIndexOf('.') + 1) + "." + first.getMethod().getName(), 1L, Long::sum);
                }
            }
            long total = Math.max(1, samples);
            Map<String, Double> shares = inclusive.entrySet().stream().filter(e -> interesting(e.getKey()))
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() / (double) total, (a, b) -> a, LinkedHashMap::new));
            return new Summary(samples, shares, file);
        } catch (IOException e) {
            throw new IllegalStateException("JFR: " + e.getMessage(), e);
        }
    }

    /** The frames that say where the time goes, not the run loop every sample passes through. */
    private static boolean interesting(String method) {
        return method.startsWith("(top)") || method.startsWith("NationalModel") || method.startsWith("IndicatorCalculator")
                || method.startsWith("JsonSerde") || method.startsWith("RocksDBStore.") || method.startsWith("ChangeLoggingKeyValueBytesStore.")
                || method.startsWith("RecordCollectorImpl.send") || method.startsWith("KafkaProducer.send")
                || method.startsWith("StreamTask.punctuate") || method.startsWith("StreamTask.process")
                || method.startsWith("TaskExecutor.commit") || method.startsWith("StreamProducer.commitTransaction")
                || method.startsWith("KafkaConsumer.poll") || method.startsWith("RecordDeserializer.deserialize")
                || method.startsWith("SourceNode.deserialize");
    }

    @Override
    public void close() {
        recording.close();
    }
}
