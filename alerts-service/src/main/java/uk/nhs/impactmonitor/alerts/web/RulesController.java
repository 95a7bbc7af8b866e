package uk.nhs.impactmonitor.alerts.web;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.nhs.impactmonitor.alerts.rule.Rule;
import uk.nhs.impactmonitor.alerts.rule.RuleBook;

/** The rules in force, with their thresholds per level, scope, {@code for}, hysteresis and minimum basis. */
@RestController
class RulesController {

    private final RuleBook rules;

    RulesController(RuleBook rules) {
        this.rules = rules;
    }

    @GetMapping("/api/v1/rules")
    List<Rule> rules() {
        return rules.all();
    }
}
