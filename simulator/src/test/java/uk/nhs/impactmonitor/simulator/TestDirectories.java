package uk.nhs.impactmonitor.simulator;

import java.util.List;
import uk.nhs.impactmonitor.domain.directory.Area;
import uk.nhs.impactmonitor.domain.directory.AreaKind;
import uk.nhs.impactmonitor.domain.directory.DirectoryLoadReport;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;

/** Directories small enough for fast tests, cut from the synthetic one so codes and regions are real. */
public final class TestDirectories {

    public static final PracticeDirectory NATIONAL = SyntheticDirectory.build();

    private TestDirectories() {
    }

    /** The first {@code count} practices of the synthetic directory, every ICB and region kept. */
    public static PracticeDirectory first(int count) {
        return of(NATIONAL.practices().stream().limit(count).toList());
    }

    public static PracticeDirectory of(List<Practice> practices) {
        List<Area> areas = NATIONAL.areas().stream().filter(area -> area.kind() != AreaKind.COUNTRY).toList();
        return new PracticeDirectory(practices, areas, DirectoryLoadReport.clean("test"));
    }

    /** Two practices of ICB QKK (London, Y56) with round list sizes, for numbers worked out by hand. */
    public static PracticeDirectory twoPractices() {
        return of(List.of(
                new Practice("Z00001", "Test practice 1", "U90001", "QKK-1", "QKK", "Y56", 10_000, true),
                new Practice("Z00002", "Test practice 2", "U90001", "QKK-1", "QKK", "Y56", 5_000, true)));
    }
}
