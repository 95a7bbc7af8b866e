package uk.nhs.impactmonitor.alerts.web;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.nhs.impactmonitor.alerts.rule.Rule;
import uk.nhs.impactmonitor.alerts.rule.RuleBook;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.web.problem.InvalidRequestException;

/**
 * The rules in force, with their thresholds per level, scope, {@code for}, hysteresis and minimum basis. With
 * {@code ?area=<code>}, only the rules that watch that area's series ({@link RuleBook#rulesWatching}): an ICB's
 * are the ICB-scoped rules (and any naming it in {@code areas}), a region's the region-scoped ones, England's the
 * England-scoped ones. Rules are not secret: any planner may read them, for any area.
 */
@RestController
class RulesController {

    private final RuleBook rules;

    private final PracticeDirectory directory;

    RulesController(RuleBook rules, PracticeDirectory directory) {
        this.rules = rules;
        this.directory = directory;
    }

    @GetMapping("/api/v1/rules")
    List<Rule> rules(@RequestParam(required = false) String area) {
        if (area == null) {
            return rules.all();
        }
        if (directory.area(area).isEmpty()) {
            throw new InvalidRequestException("area", "unknown area '" + area + "'");
        }
        return rules.rulesWatching(area);
    }
}
