package uk.nhs.impactmonitor.domain.directory;

import java.util.List;

/**
 * What loading a directory found wrong: rows skipped (with file and line), and practices without a list
 * size that were given their ICB's median.
 */
public record DirectoryLoadReport(String source, List<SkippedRow> skippedRows, List<String> practicesGivenMedianListSize) {

    public record SkippedRow(String file, int line, String reason) {
        @Override
        public String toString() {
            return file + " line " + line + ": " + reason;
        }
    }

    public static DirectoryLoadReport clean(String source) {
        return new DirectoryLoadReport(source, List.of(), List.of());
    }
}
