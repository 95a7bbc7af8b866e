package uk.nhs.impactmonitor.alerts.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import uk.nhs.impactmonitor.alerts.notify.AlertmanagerProperties;
import uk.nhs.impactmonitor.alerts.notify.DeliveryProperties;
import uk.nhs.impactmonitor.alerts.notify.EmailProperties;
import uk.nhs.impactmonitor.alerts.notify.WebhookProperties;
import uk.nhs.impactmonitor.alerts.rule.Rule;

/**
 * Everything alerts-service can be told, under {@code monitor.alerts.*}, with the defaults it uses when told nothing:
 * each default is stated here (or in the nested record's own file) and nowhere else. Timings are Alertmanager's
 * notions (group wait, repeat interval) plus ours (escalation), so an on-call team can carry its habits over.
 *
 * @param groupWait      how long a new or changed alert waits so that others of the same subscriber travel with it
 *                       in one message; default 30s (a test sets 0s)
 * @param repeatInterval how often a firing alert nobody acknowledged is sent again; default 4h
 * @param escalateAfter  how long a CRITICAL alert may stay unacknowledged before it goes to the area's escalation
 *                       contacts; default 30m
 * @param tickInterval   how often the dispatcher looks for work: the resolution of every timing above; default 1s
 * @param externalUrl    how people reach this service, for links in notifications; default http://localhost:8083
 * @param pageUrl        the planners' page as people reach it (impact-streams serves it), for the "open the area"
 *                       link of a Teams card ({@code <pageUrl>#area=<code>}); default http://localhost:8082/
 * @param seriesDays     how many activity days of each indicator series are kept for evaluation; default 60 (at
 *                       least the longest {@code for} and EARS baseline + guard band are kept whatever this says)
 * @param delivery       delivery and retry settings ({@link DeliveryProperties})
 * @param email          e-mail settings ({@link EmailProperties})
 * @param alertmanager   optional forwarding to a real Prometheus Alertmanager ({@link AlertmanagerProperties})
 * @param webhooks       where webhooks and Teams URLs may point, and the key their secrets are kept with
 *                       ({@link WebhookProperties})
 * @param rules          the rules in force; default none here ({@code alerts-service.yml} ships the
 *                       reasonable-worst-case set)
 */
@Validated
@ConfigurationProperties("monitor.alerts")
public record AlertsProperties(
        @DefaultValue("30s") @NotNull Duration groupWait,
        @DefaultValue("4h") @NotNull Duration repeatInterval,
        @DefaultValue("30m") @NotNull Duration escalateAfter,
        @DefaultValue("1s") @NotNull Duration tickInterval,
        @DefaultValue("http://localhost:8083") @NotNull URI externalUrl,
        @DefaultValue("http://localhost:8082/") @NotNull URI pageUrl,
        @DefaultValue("60") @Min(1) int seriesDays,
        @DefaultValue @Valid DeliveryProperties delivery,
        @DefaultValue @Valid EmailProperties email,
        @DefaultValue @Valid AlertmanagerProperties alertmanager,
        @DefaultValue List<@Valid Rule> rules,
        @DefaultValue @Valid WebhookProperties webhooks) {

    public AlertsProperties {
        rules = List.copyOf(rules);
    }
}
