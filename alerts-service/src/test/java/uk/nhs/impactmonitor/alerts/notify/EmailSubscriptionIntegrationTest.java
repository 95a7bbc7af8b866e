package uk.nhs.impactmonitor.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.alerts.support.AlertsServiceIntegrationSupport;
import uk.nhs.impactmonitor.alerts.support.Indicators;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;

/** A subscription with an e-mail address hears its area's alerts by e-mail, through the real pipeline. */
class EmailSubscriptionIntegrationTest extends AlertsServiceIntegrationSupport {

    @Test
    void shouldEmailSubscriberWhenIcbOfItsRegionCrossesRule() throws Exception {
        // given
        String region = regions().get(5);
        String icb = firstIcbOf(region);
        String address = "oncall-" + region.toLowerCase() + "@nhs.example";
        var response = api.post("/api/v1/subscriptions", ADMIN, Map.of("area", region, "email", address));
        assertThat(response.status()).isEqualTo(201);

        // when
        indicators.send(Indicators.participation(icb, LocalDate.of(2024, 8, 1), CollectiveAction.DEFER_DIGITAL_SIGNOFF, 0.5));

        // then: 0.5 is at the WARNING threshold (>=)
        MimeMessage mail = awaitMailTo(address);
        assertThat(mail.getSubject()).startsWith("[FIRING:1] " + region + " — participation_rate{DEFER_DIGITAL_SIGNOFF} is 0.5 in ");
        assertThat(GreenMailUtil.getBody(mail)).contains("alertname=icb_participation").contains("area=" + icb);
        api.delete("/api/v1/subscriptions/" + response.json().get("subscriptionId").asString(), ADMIN);
    }

    private static MimeMessage awaitMailTo(String address) throws Exception {
        for (int i = 0; i < 1500; i++) {
            for (MimeMessage m : SMTP.getReceivedMessages()) {
                if (Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equals(address))) {
                    return m;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no e-mail to " + address + " within 30s");
    }
}
