package uk.nhs.impactmonitor.domain.directory;

/**
 * An ICB (ODS code, e.g. {@code QE1}), an NHS England region ({@code Y56}..{@code Y63}) or England
 * ({@code ENG}); {@code parent} is the next level up ({@code null} for England).
 */
public record Area(String code, String name, AreaKind kind, String parent, String onsCode) {

    public static final String ENGLAND = "ENG";
}
