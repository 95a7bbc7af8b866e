package uk.nhs.impactmonitor.simulator.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Properties;

/**
 * The demo's progress on disk: the scenario it runs and the last arrival day it has sent. Written after
 * each day is delivered (by replace, so a crash leaves the old or the new file, never half of one); read on
 * start so a restart carries on instead of sending the backfill again.
 */
final class DemoProgress {

    private final Path file;

    DemoProgress(Path dataDir) {
        this.file = dataDir.resolve("simulator").resolve("demo-state.properties");
    }

    Path file() {
        return file;
    }

    record State(String scenario, long seed, LocalDate lastDaySent) {
    }

    /** The saved state; empty when there is none or it cannot be read (then the demo starts afresh). */
    Optional<State> read() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
            return Optional.of(new State(properties.getProperty("scenario", ""),
                    Long.parseLong(properties.getProperty("seed", "0")),
                    LocalDate.parse(properties.getProperty("lastDaySent"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void write(State state) {
        Properties properties = new Properties();
        properties.setProperty("scenario", state.scenario());
        properties.setProperty("seed", Long.toString(state.seed()));
        properties.setProperty("lastDaySent", state.lastDaySent().toString());
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                properties.store(writer, "simulator demo progress: delete to send the backfill again");
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save demo progress to " + file, e);
        }
    }
}
