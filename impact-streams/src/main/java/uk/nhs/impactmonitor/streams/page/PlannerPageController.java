package uk.nhs.impactmonitor.streams.page;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.directory.Area;
import uk.nhs.impactmonitor.domain.directory.AreaKind;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.web.security.CurrentCaller;
import uk.nhs.impactmonitor.web.security.MonitorPrincipal;

/**
 * What the planners' page needs besides the indicator API: who the credential belongs to and which areas it may
 * read (so the page opens on an area it can see, instead of collecting 403s), and the action catalogue in words.
 */
@RestController
@RequestMapping("/api/v1")
class PlannerPageController {

    /**
     * @param home  the area the page opens on: the ICB or region of the credential, England for admin; null for a
     *              practice credential, which reads no indicators
     * @param areas every area the caller may read, England first, then regions, then ICBs
     */
    record Caller(String name, String role, String scope, String home, List<String> areas) {
    }

    record Action(String id, String title, String effectToWatch) {
    }

    private final PracticeDirectory directory;

    PlannerPageController(PracticeDirectory directory) {
        this.directory = directory;
    }

    @GetMapping("/me")
    Caller me() {
        MonitorPrincipal caller = CurrentCaller.get();
        List<String> areas = directory.areas().stream()
                .filter(area -> caller.mayReadArea(area.code(), directory))
                .sorted(Comparator.comparing((Area area) -> rank(area.kind())).thenComparing(Area::code))
                .map(Area::code)
                .toList();
        String home = switch (caller.role()) {
            case ADMIN -> Area.ENGLAND;
            case REGION, ICB -> areas.contains(caller.scope()) ? caller.scope() : null;
            case PRACTICE -> null;
        };
        return new Caller(caller.name(), caller.role().name(), caller.scope(), home, areas);
    }

    @GetMapping("/actions")
    List<Action> actions() {
        CurrentCaller.get();
        return Arrays.stream(CollectiveAction.values()).map(a -> new Action(a.name(), a.title(), a.effectToWatch())).toList();
    }

    private static int rank(AreaKind kind) {
        return switch (kind) {
            case COUNTRY -> 0;
            case REGION -> 1;
            case ICB -> 2;
        };
    }
}
