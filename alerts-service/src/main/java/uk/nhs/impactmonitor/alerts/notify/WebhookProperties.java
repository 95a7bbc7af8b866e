package uk.nhs.impactmonitor.alerts.notify;

import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code monitor.alerts.webhooks.*}: where a webhook or Teams URL may point ({@link WebhookUrlPolicy}, the SSRF
 * guard), checked when a subscription is made and again before every delivery (on the addresses its host resolves
 * to then), and the key their secrets are kept with. Always refused: anything but http/https, link-local addresses
 * (169.254.0.0/16, fe80::/10), the cloud metadata services (169.254.169.254, fd00:ec2::254, 100.100.100.200,
 * metadata.google.internal, metadata), wildcard and multicast addresses.
 *
 * @param allowLoopback        whether 127.0.0.0/8 and ::1 are allowed; default: unset, which follows
 *                             {@code monitor.security.dev-credentials} (on in the local stack and tests, off in a
 *                             deployment: there loopback is the service itself and its sidecars)
 * @param allowPrivateNetworks whether 10/8, 172.16/12, 192.168/16, 100.64/10 and fc00::/7 are allowed; default false
 *                             (receivers are expected on the internet or listed by name)
 * @param allowedHosts         host names or address literals allowed whatever they resolve to, e.g. an in-house
 *                             receiver on a private network; default none
 * @param secretKey            AES key (16, 24 or 32 bytes, base64: {@code openssl rand -base64 32}) webhook secrets and
 *                             Teams URLs are encrypted with (AES-GCM) in {@code alerts-subscriptions}; default none:
 *                             required unless {@code monitor.security.dev-credentials=true}, where they are then kept
 *                             in clear
 */
public record WebhookProperties(Boolean allowLoopback, @DefaultValue("false") boolean allowPrivateNetworks,
                                @DefaultValue List<String> allowedHosts, String secretKey) {

    public WebhookProperties {
        allowedHosts = List.copyOf(allowedHosts);
    }

    @Override
    public String toString() {
        return "WebhookProperties[allowLoopback=" + allowLoopback + ", allowPrivateNetworks=" + allowPrivateNetworks + ", allowedHosts="
                + allowedHosts + ", secretKey=" + (secretKey == null ? "none" : "***") + "]";
    }
}
