package uk.nhs.impactmonitor.domain.directory;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A practice as published on the compacted {@code practice-directory} topic, keyed by practice code. */
public record DirectoryEntry(
        @JsonProperty(required = true) int schemaVersion,
        String practiceCode,
        String name,
        String pcnCode,
        String subIcbCode,
        String icbCode,
        String regionCode,
        int listSize,
        boolean open) {

    public static final int SCHEMA_VERSION = 1;

    public static DirectoryEntry of(Practice practice) {
        return new DirectoryEntry(SCHEMA_VERSION, practice.code(), practice.name(), practice.pcnCode(),
                practice.subIcbCode(), practice.icbCode(), practice.regionCode(), practice.listSize(), practice.open());
    }
}
