package uk.nhs.impactmonitor.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import uk.nhs.impactmonitor.alerts.config.AlertsProperties;
import uk.nhs.impactmonitor.alerts.support.AlertsSettings;
import uk.nhs.impactmonitor.alerts.subscription.Subscription;

/** E-mail delivery through an in-process SMTP server (GreenMail on loopback). */
class EmailDeliveryTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final Subscription SUBSCRIPTION = new Subscription(Subscription.SCHEMA_VERSION, "sub-1", "Y56", null,
            "london.oncall@nhs.example", false, "dev admin", Instant.parse("2024-08-01T08:00:00Z"));

    private static WebhookMessage message() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", "icb_participation");
        labels.put("area", "QKK");
        labels.put("severity", "warning");
        Map<String, String> annotations = Map.of("summary", "participation_rate{STOP_ADVICE_AND_GUIDANCE} is 0.55 in QKK",
                "description", "Half an ICB's practices taking an action");
        WebhookMessage.WebhookAlert alert = new WebhookMessage.WebhookAlert("firing", labels, annotations,
                Instant.parse("2024-08-01T09:00:00Z"), WebhookMessage.NOT_ENDED, "http://localhost:8083/api/v1/alerts?area=QKK", "a1b2c3");
        return new WebhookMessage("4", "{}:{receiver=\"sub-1/email\"}", 0, "firing", "sub-1/email", Map.of("area", "Y56"), labels,
                annotations, "http://localhost:8083", List.of(alert));
    }

    private static AlertsProperties properties() {
        return AlertsSettings.bind(Map.of("email.from", "alerts@impact-monitor.test"));
    }

    @Test
    void shouldSendPlainTextAlertEmailWhenSmtpServerIsConfigured() throws Exception {
        // given
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(SMTP.getSmtp().getPort());
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("mailSender", sender));
        EmailChannel channel = new EmailChannel(beans.getBeanProvider(JavaMailSender.class), properties().email());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Deliverer deliverer = new Deliverer(Map.of(Receiver.EMAIL, channel), properties().delivery(), meters);

        // when
        boolean delivered = deliverer.deliver(Receiver.email(SUBSCRIPTION), message());

        // then
        assertThat(delivered).isTrue();
        assertThat(SMTP.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("london.oncall@nhs.example");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("alerts@impact-monitor.test");
        assertThat(mail.getSubject()).isEqualTo("[FIRING:1] Y56 — participation_rate{STOP_ADVICE_AND_GUIDANCE} is 0.55 in QKK");
        String body = GreenMailUtil.getBody(mail);
        assertThat(body).contains("[FIRING] warning participation_rate{STOP_ADVICE_AND_GUIDANCE} is 0.55 in QKK");
        assertThat(body).contains("Why it matters: Half an ICB's practices taking an action");
        assertThat(body).contains("Alert id: a1b2c3");
        assertThat(meters.get("alerts.deliveries").tag("channel", "email").tag("outcome", "delivered").counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldFailWithoutRetryWhenNoSmtpServerIsConfigured() {
        // given
        EmailChannel channel = new EmailChannel(new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class), properties().email());

        // when / then
        assertThatThrownBy(() -> channel.deliver(Receiver.email(SUBSCRIPTION), message()))
                .isInstanceOf(DeliveryException.class)
                .hasMessageContaining("spring.mail.host")
                .satisfies(e -> assertThat(((DeliveryException) e).retryable()).isFalse());
    }
}
