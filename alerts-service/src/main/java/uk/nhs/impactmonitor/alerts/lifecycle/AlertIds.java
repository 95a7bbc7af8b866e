package uk.nhs.impactmonitor.alerts.lifecycle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;

/**
 * The stable identity of an alert: rule, area and labels, never the day or the severity, so one alert
 * escalates and de-escalates and a restart finds the same alert again.
 */
public final class AlertIds {

    private AlertIds() {
    }

    public static String of(String rule, String area, CollectiveAction action, Metric metric) {
        String identity = rule + '\u0000' + area + '\u0000' + (action == null ? "" : action.name()) + '\u0000'
                + (metric == null ? "" : metric.id());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            // 80 bits: collisions are out of reach for a few thousand alerts, and the id stays readable
            return HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
