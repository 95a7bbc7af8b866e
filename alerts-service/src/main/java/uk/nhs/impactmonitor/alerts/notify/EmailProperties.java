package uk.nhs.impactmonitor.alerts.notify;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code monitor.alerts.email.*} (the SMTP server itself is Spring Boot's {@code spring.mail.*}).
 *
 * @param from sender address of alert e-mails; default alerts@impact-monitor.local
 */
public record EmailProperties(@DefaultValue("alerts@impact-monitor.local") String from) {
}
