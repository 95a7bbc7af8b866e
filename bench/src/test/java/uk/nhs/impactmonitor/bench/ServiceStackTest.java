package uk.nhs.impactmonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.FileSystemResource;
import uk.nhs.impactmonitor.alerts.config.AlertsProperties;
import uk.nhs.impactmonitor.alerts.rule.Rule;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;

/** The benchmark's rule file, bound as alerts-service binds it: under monitor.alerts, shipped rules and the benchmark's. */
class ServiceStackTest {

    @Test
    void shouldAddBenchmarkRuleToShippedRulesUnderMonitorAlertsWhenWritingRuleFile(@TempDir Path dir) throws Exception {
        // given
        NoticeLatencyBench.Plan plan = new NoticeLatencyBench.Plan("QKK", CollectiveAction.STOP_ADVICE_AND_GUIDANCE, 3, List.of(),
                LocalDate.of(2024, 8, 1));

        // when
        Path file = ServiceStack.alertRules(dir, plan);

        // then
        assertThat(Files.exists(file)).isTrue();
        List<Rule> rules = new Binder(ConfigurationPropertySources.from(new YamlPropertySourceLoader().load("rules", new FileSystemResource(file))))
                .bind("monitor.alerts", AlertsProperties.class).get().rules();
        assertThat(rules).extracting(Rule::name).contains("icb_participation", ServiceStack.RULE);
        assertThat(rules.get(rules.size() - 1).warning()).isEqualTo(3.5);
    }
}
