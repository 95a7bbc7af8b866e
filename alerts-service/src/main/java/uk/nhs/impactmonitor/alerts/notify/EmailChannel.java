package uk.nhs.impactmonitor.alerts.notify;

import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Plain-text e-mail over SMTP through Spring Boot's mail sender ({@code spring.mail.host} and friends). Without
 * an SMTP server configured, e-mail deliveries fail, loudly and countably, instead of vanishing.
 */
public class EmailChannel implements Channel {

    private final ObjectProvider<JavaMailSender> mailSender;
    private final EmailProperties email;

    public EmailChannel(ObjectProvider<JavaMailSender> mailSender, EmailProperties email) {
        this.mailSender = mailSender;
        this.email = email;
    }

    @Override
    public String name() {
        return Receiver.EMAIL;
    }

    @Override
    public void deliver(Receiver receiver, WebhookMessage message) throws DeliveryException {
        JavaMailSender sender = mailSender.getIfAvailable();
        if (sender == null) {
            throw new DeliveryException("no SMTP server configured (spring.mail.host): cannot e-mail " + receiver.subscription().email(), false);
        }
        SimpleMailMessage mail = new SimpleMailMessage();
        mail.setFrom(email.from());
        mail.setTo(receiver.subscription().email());
        mail.setSubject(subject(message));
        mail.setText(body(message));
        try {
            sender.send(mail);
        } catch (MailException e) {
            throw new DeliveryException("SMTP delivery to " + receiver.subscription().email() + " failed: " + e.getMessage(), true, e);
        }
    }

    static String subject(WebhookMessage message) {
        long firing = message.alerts().stream().filter(a -> WebhookMessage.FIRING.equals(a.status())).count();
        String area = message.groupLabels().getOrDefault("area", "");
        String what = message.alerts().size() == 1
                ? message.alerts().get(0).annotations().getOrDefault("summary", message.alerts().get(0).labels().get("alertname"))
                : message.alerts().size() + " alerts";
        return "[" + message.status().toUpperCase(java.util.Locale.ROOT) + (firing > 0 ? ":" + firing : "") + "] " + area + " — " + what;
    }

    static String body(WebhookMessage message) {
        return message.alerts().stream().map(a -> "[" + a.status().toUpperCase(java.util.Locale.ROOT) + "] "
                        + a.labels().getOrDefault("severity", "") + " " + a.annotations().getOrDefault("summary", "") + "\n"
                        + (a.annotations().containsKey("description") ? "  Why it matters: " + a.annotations().get("description") + "\n" : "")
                        + "  Labels: " + a.labels() + "\n"
                        + "  Since: " + a.startsAt() + "\n"
                        + "  Alert id: " + a.fingerprint() + "\n"
                        + "  " + a.generatorURL() + "\n")
                .collect(Collectors.joining("\n", "", "\nAcknowledge: POST " + message.externalURL() + "/api/v1/alerts/{alertId}/ack\n"));
    }
}
