package uk.nhs.impactmonitor.ingest.appointments;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;

/**
 * The sub-ICB locations the practice directory knows, each with its ICB (indicators.md: "a sub-ICB belongs
 * to the ICB and region of its practices"). An appointments row for a sub-ICB no practice is in is refused:
 * nothing downstream could place it in an ICB or give it a list size.
 */
@Component
public class SubIcbLocations {

    private final Map<String, String> icbBySubIcb;

    public SubIcbLocations(PracticeDirectory directory) {
        Map<String, String> icbs = new HashMap<>();
        for (Practice practice : directory.practices()) {
            if (practice.subIcbCode() != null && !practice.subIcbCode().isBlank()) {
                // NHS England's map puts each sub-ICB in exactly one ICB; the first practice decides if a file ever disagrees
                icbs.putIfAbsent(practice.subIcbCode(), practice.icbCode());
            }
        }
        this.icbBySubIcb = Collections.unmodifiableMap(icbs);
    }

    /** The ICB of a sub-ICB location, or empty when no practice of the directory is in it. */
    public Optional<String> icbOf(String subIcb) {
        return Optional.ofNullable(subIcb == null ? null : icbBySubIcb.get(subIcb));
    }

    public int size() {
        return icbBySubIcb.size();
    }
}
