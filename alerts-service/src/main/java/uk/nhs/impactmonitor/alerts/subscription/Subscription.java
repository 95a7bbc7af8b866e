package uk.nhs.impactmonitor.alerts.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Who is told about an area's alerts, and how. An area's subscribers also hear about the ICBs inside it.
 * An escalation subscription is one of the area's escalation contacts: it hears only of CRITICAL alerts left
 * unacknowledged for {@code monitor.alerts.escalate-after}, and of what then becomes of them.
 *
 * @param webhook   where to POST Alertmanager v4 messages, and the secret they are signed with
 * @param email     where to send e-mail
 * @param teams     a Microsoft Teams Workflows incoming-webhook URL the alerts are posted to as Adaptive Cards
 * @param createdAt events from before it (silences made or ended) are not news to it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Subscription(
        @JsonProperty(required = true) int schemaVersion,
        String subscriptionId,
        String area,
        Webhook webhook,
        String email,
        Teams teams,
        boolean escalation,
        String createdBy,
        Instant createdAt) {

    public static final int SCHEMA_VERSION = 1;

    /** Without Teams: how subscriptions were made before it. */
    public Subscription(int schemaVersion, String subscriptionId, String area, Webhook webhook, String email, boolean escalation,
                        String createdBy, Instant createdAt) {
        this(schemaVersion, subscriptionId, area, webhook, email, null, escalation, createdBy, createdAt);
    }

    /** Whether a record read back can be acted on: without an area or a destination it could reach nobody, or everybody. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (schemaVersion != SCHEMA_VERSION) {
            problems.add("schemaVersion " + schemaVersion + " is not " + SCHEMA_VERSION);
        }
        if (subscriptionId == null || area == null || createdAt == null) {
            problems.add("subscriptionId, area and createdAt are required");
        }
        if (webhook == null && email == null && teams == null) {
            problems.add("a webhook, an email or a teams URL is required");
        }
        if (webhook != null && (webhook.url() == null || (webhook.secret() == null && webhook.encryptedSecret() == null))) {
            problems.add("webhook.url and webhook.secret (or webhook.encryptedSecret) are required");
        }
        if (teams != null && teams.url() == null && teams.encryptedUrl() == null) {
            problems.add("teams.url (or teams.encryptedUrl) is required");
        }
        return problems;
    }

    Subscription with(Webhook webhook, Teams teams) {
        return new Subscription(schemaVersion, subscriptionId, area, webhook, email, teams, escalation, createdBy, createdAt);
    }

    /**
     * The secret never leaves the service: it is only the key of the signature. On the topic it is
     * {@code encryptedSecret} when {@code monitor.alerts.webhooks.secret-key} is set, {@code secret} (in clear)
     * otherwise; in memory always {@code secret}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Webhook(String url, String secret, String encryptedSecret) {
        public Webhook(String url, String secret) {
            this(url, secret, null);
        }

        @Override
        public String toString() {
            return "Webhook[url=" + url + ", secret=***]";
        }
    }

    /**
     * A Teams Workflows URL carries its own credential (the {@code sig} of its query): whoever has it can post to
     * the channel, so it is kept as a webhook secret is. On the topic it is {@code encryptedUrl} when
     * {@code monitor.alerts.webhooks.secret-key} is set, {@code url} (in clear) otherwise; in memory always {@code url}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Teams(String url, String encryptedUrl) {
        public Teams(String url) {
            this(url, null);
        }

        /** Scheme and host only: enough to recognise the tenant's endpoint, not enough to post to it. */
        public String masked() {
            if (url == null) {
                return null;
            }
            try {
                java.net.URI uri = java.net.URI.create(url);
                return uri.getScheme() + "://" + uri.getHost() + "/***";
            } catch (IllegalArgumentException e) {
                return "***";
            }
        }

        @Override
        public String toString() {
            return "Teams[url=" + masked() + "]";
        }
    }
}
