package uk.nhs.impactmonitor.alerts.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;
import uk.nhs.impactmonitor.alerts.rule.Rule;

/**
 * Everything alerts-service can be told, with the defaults it uses when told nothing. Timings are
 * Alertmanager's notions (group wait, repeat interval) plus ours (escalation), so an on-call team can carry
 * its habits over.
 *
 * @param groupWait      how long a new or changed alert waits so that others of the same subscriber travel
 *                       with it in one message (default 30s; a test sets ~0)
 * @param repeatInterval how often a firing alert nobody acknowledged is sent again (default 4h)
 * @param escalateAfter  how long a CRITICAL alert may stay unacknowledged before it goes to the area's
 *                       escalation contacts (default 30m)
 * @param tickInterval   how often the dispatcher looks for work: the resolution of every timing above
 *                       (default 1s)
 * @param externalUrl    how people reach this service, for links in notifications (default http://localhost:8083)
 * @param seriesDays     how many activity days of each indicator series are kept for evaluation (default 60;
 *                       must cover the longest {@code for} and EARS baseline + guard band)
 * @param delivery       webhook and retry settings
 * @param email          e-mail settings (the SMTP server itself is Spring Boot's {@code spring.mail.*})
 * @param alertmanager   optional forwarding to a real Prometheus Alertmanager
 * @param webhooks       where webhooks may point (the SSRF guard)
 * @param rules          the rules in force (default: none here; {@code alerts-service.yml} ships the
 *                       reasonable-worst-case set)
 */
@Validated
@ConfigurationProperties("alerts")
public record AlertsProperties(
        Duration groupWait,
        Duration repeatInterval,
        Duration escalateAfter,
        Duration tickInterval,
        String externalUrl,
        @Min(1) Integer seriesDays,
        @Valid Delivery delivery,
        @Valid Email email,
        @Valid Alertmanager alertmanager,
        List<@Valid Rule> rules,
        @Valid Webhooks webhooks) {

    public AlertsProperties {
        groupWait = groupWait == null ? Duration.ofSeconds(30) : groupWait;
        repeatInterval = repeatInterval == null ? Duration.ofHours(4) : repeatInterval;
        escalateAfter = escalateAfter == null ? Duration.ofMinutes(30) : escalateAfter;
        tickInterval = tickInterval == null ? Duration.ofSeconds(1) : tickInterval;
        externalUrl = externalUrl == null || externalUrl.isBlank() ? "http://localhost:8083" : externalUrl;
        seriesDays = seriesDays == null ? 60 : seriesDays;
        delivery = delivery == null ? new Delivery(null, null, null, null, null, null, null) : delivery;
        email = email == null ? new Email(null) : email;
        alertmanager = alertmanager == null ? new Alertmanager(null, null) : alertmanager;
        rules = rules == null ? List.of() : List.copyOf(rules);
        webhooks = webhooks == null ? new Webhooks(null, null, null, null) : webhooks;
    }

    /**
     * Where a webhook URL may point, checked when a subscription is made and again before every delivery (on
     * the addresses its host resolves to then). Always refused: anything but http/https, link-local addresses
     * (169.254.0.0/16, fe80::/10), the cloud metadata services (169.254.169.254, fd00:ec2::254, 100.100.100.200,
     * metadata.google.internal, metadata), wildcard and multicast addresses.
     *
     * @param allowLoopback        whether 127.0.0.0/8 and ::1 are allowed (default: as
     *                             {@code monitor.security.dev-credentials}, so on in the local stack and tests,
     *                             off in a deployment: there loopback is the service itself and its sidecars)
     * @param allowPrivateNetworks whether 10/8, 172.16/12, 192.168/16, 100.64/10 and fc00::/7 are allowed
     *                             (default false: receivers are expected on the internet or listed by name)
     * @param allowedHosts         host names or address literals allowed whatever they resolve to, e.g. an
     *                             in-house receiver on a private network (default none)
     * @param secretKey            AES key (16, 24 or 32 bytes, base64: {@code openssl rand -base64 32}) webhook secrets
     *                             are encrypted with (AES-GCM) in {@code alerts-subscriptions} (default none: required
     *                             unless {@code monitor.security.dev-credentials=true}, where secrets are then kept in clear)
     */
    public record Webhooks(Boolean allowLoopback, Boolean allowPrivateNetworks, List<String> allowedHosts, String secretKey) {
        public Webhooks {
            allowPrivateNetworks = allowPrivateNetworks != null && allowPrivateNetworks;
            allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        }

        @Override
        public String toString() {
            return "Webhooks[allowLoopback=" + allowLoopback + ", allowPrivateNetworks=" + allowPrivateNetworks + ", allowedHosts="
                    + allowedHosts + ", secretKey=" + (secretKey == null ? "none" : "***") + "]";
        }
    }

    /**
     * How a notification is delivered and retried. Retries follow timeouts, connection failures, 429 and 5xx;
     * any other 4xx is the receiver refusing the message and is not retried.
     *
     * @param connectTimeout connect timeout of a webhook call (default 2s)
     * @param requestTimeout whole-request timeout of a webhook call (default 5s)
     * @param maxAttempts    attempts per delivery before it counts as failed (default 5); a failed delivery is
     *                       tried again later, as nothing is recorded as sent
     * @param initialBackoff wait before the first retry (default 500ms)
     * @param multiplier     growth of the wait per retry (default 2.0)
     * @param maxBackoff     longest wait between two attempts (default 1m)
     * @param shutdownGrace  how long a stop waits for deliveries in flight to finish and be recorded before it
     *                       interrupts them (default 5s); what is interrupted may be sent again after the restart,
     *                       with the same dedup key
     */
    public record Delivery(Duration connectTimeout, Duration requestTimeout, @Min(1) Integer maxAttempts,
                           Duration initialBackoff, @DecimalMin("1.0") Double multiplier, Duration maxBackoff,
                           Duration shutdownGrace) {
        public Delivery {
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
            requestTimeout = requestTimeout == null ? Duration.ofSeconds(5) : requestTimeout;
            maxAttempts = maxAttempts == null ? 5 : maxAttempts;
            initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
            multiplier = multiplier == null ? 2.0 : multiplier;
            maxBackoff = maxBackoff == null ? Duration.ofMinutes(1) : maxBackoff;
            shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(5) : shutdownGrace;
        }


        /** The wait before attempt {@code attempt + 1}, counting from 1. */
        public Duration backoffAfter(int attempt) {
            double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
            return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
        }
    }

    /** @param from sender address of alert e-mails (default alerts@impact-monitor.local) */
    public record Email(String from) {
        public Email {
            from = from == null || from.isBlank() ? "alerts@impact-monitor.local" : from;
        }
    }

    /**
     * @param url            base URL of an Alertmanager to forward every firing and resolved alert to, e.g.
     *                       {@code http://127.0.0.1:9093} (default none: no forwarding)
     * @param resendInterval how often a firing alert is posted again so Alertmanager does not time it out
     *                       (default 1m; each post says it ends after four of these)
     */
    public record Alertmanager(String url, Duration resendInterval) {
        public Alertmanager {
            url = url == null || url.isBlank() ? null : url.replaceAll("/+$", "");
            resendInterval = resendInterval == null ? Duration.ofMinutes(1) : resendInterval;
        }

        public boolean enabled() {
            return url != null;
        }
    }
}
