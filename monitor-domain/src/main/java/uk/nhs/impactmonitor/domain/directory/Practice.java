package uk.nhs.impactmonitor.domain.directory;

/**
 * A GP practice as the directory knows it: where it sits in the geography and its registered list
 * size, the denominator for rates.
 */
public record Practice(
        String code,
        String name,
        String pcnCode,
        String subIcbCode,
        String icbCode,
        String regionCode,
        int listSize,
        boolean open) {
}
