package uk.nhs.impactmonitor.domain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds {@code ../shared} beside the repository root (NHS England's reference files live there, never
 * in the repository). Maven passes the root as {@code monitor.repository.root}; from an IDE the working
 * directory is walked up instead.
 */
public final class SharedData {

    private SharedData() {
    }

    public static Path repositoryRoot() {
        String configured = System.getProperty("monitor.repository.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve(".git")) || Files.exists(dir.resolve("monitor-domain"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        return Path.of("").toAbsolutePath();
    }

    /** A file of {@code ../shared/data}, when it is there. */
    public static Optional<Path> dataFile(String name) {
        Path file = repositoryRoot().resolveSibling("shared").resolve("data").resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    public static final String PRACTICES_FILE = "gp-reg-pat-prac-map.csv";
    public static final String LIST_SIZES_FILE = "gp-reg-pat-prac-all.csv";
}
