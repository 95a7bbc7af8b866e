package uk.nhs.impactmonitor.ingest.page;

import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.web.security.CurrentCaller;
import uk.nhs.impactmonitor.web.security.MonitorPrincipal;

/**
 * What the practice page needs besides the ingest API itself: who the credential belongs to (so signing in
 * can be checked and the practice filled in) and the action catalogue in plain English.
 */
@RestController
@RequestMapping("/api/v1")
class PageSupportController {

    record Action(String id, String title, String description, String effectToWatch) {
    }

    /** {@code practices}: the practices this caller may submit for, when that is a short list (practice or ICB). */
    record Caller(String name, String role, String scope, List<String> practices) {
    }

    private final PracticeDirectory directory;

    PageSupportController(PracticeDirectory directory) {
        this.directory = directory;
    }

    @GetMapping("/actions")
    List<Action> actions() {
        return Arrays.stream(CollectiveAction.values())
                .map(a -> new Action(a.name(), a.title(), a.description(), a.effectToWatch()))
                .toList();
    }

    @GetMapping("/me")
    Caller me() {
        MonitorPrincipal caller = CurrentCaller.get();
        List<String> practices = switch (caller.role()) {
            case PRACTICE -> List.of(caller.scope());
            case ICB -> directory.practicesIn(caller.scope()).stream().map(Practice::code).toList();
            case REGION, ADMIN -> List.of();
        };
        return new Caller(caller.name(), caller.role().name(), caller.scope(), practices);
    }
}
