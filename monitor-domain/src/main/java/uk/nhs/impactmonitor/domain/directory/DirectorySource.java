package uk.nhs.impactmonitor.domain.directory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Chooses the directory a service runs on: NHS England's files when both paths are given
 * ({@code monitor.directory.practices}, {@code monitor.directory.list-sizes}), otherwise the synthetic one.
 */
public final class DirectorySource {

    private DirectorySource() {
    }

    public static PracticeDirectory load(String practicesFile, String listSizesFile) {
        boolean hasPractices = practicesFile != null && !practicesFile.isBlank();
        boolean hasSizes = listSizesFile != null && !listSizesFile.isBlank();
        if (hasPractices != hasSizes) {
            throw new IllegalArgumentException(
                    "monitor.directory.practices and monitor.directory.list-sizes must be given together (or neither, for the synthetic directory)");
        }
        if (!hasPractices) {
            return SyntheticDirectory.build();
        }
        try {
            return NhsDirectoryLoader.load(Path.of(practicesFile), Path.of(listSizesFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the practice directory: " + e.getMessage(), e);
        }
    }
}
