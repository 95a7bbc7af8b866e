package uk.nhs.impactmonitor.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The SSRF guard, rule by rule, on literals and on what a (stubbed) DNS answers for a name. */
class WebhookUrlPolicyTest {

    /** A DNS of our own: no test depends on the machine's resolver or the internet. */
    private static final Map<String, String> DNS = Map.of(
            "receiver.example.org", "203.0.113.10",
            "rebound.example.org", "169.254.169.254",
            "internal.example.org", "10.1.2.3",
            "aws6.example.org", "fd00:ec2::254",
            "linklocal6.example.org", "fe80::1",
            "me.example.org", "127.0.0.1");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String address = DNS.get(host);
        if (address == null) {
            // literals "resolve" to themselves without a lookup, as InetAddress does
            if (host.matches("[0-9.]+") || host.contains(":")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address)};
    }

    private static WebhookUrlPolicy policy(boolean loopback, boolean privateNetworks, List<String> allowedHosts) {
        return new WebhookUrlPolicy(new WebhookProperties(loopback, privateNetworks, allowedHosts, null), loopback,
                WebhookUrlPolicyTest::resolve);
    }

    private static final WebhookUrlPolicy DEFAULTS = policy(false, false, List.of());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "ftp://receiver.example.org/hook            | http or https",
            "file:///etc/passwd                         | http or https",
            "/relative/hook                             | http or https",
            "http://169.254.169.254/latest/meta-data    | cloud metadata",
            "http://169.254.1.1/hook                    | link-local",
            "http://[fe80::1]/hook                      | link-local",
            "http://[fd00:ec2::254]/latest/meta-data    | cloud metadata",
            "http://100.100.100.200/latest/meta-data    | cloud metadata",
            "http://metadata.google.internal/computeMetadata/v1 | cloud metadata",
            "http://METADATA.Google.Internal./computeMetadata/v1 | cloud metadata",
            "http://metadata/computeMetadata/v1         | cloud metadata",
            "http://rebound.example.org/hook            | resolves to 169.254.169.254, a cloud metadata",
            "http://aws6.example.org/hook               | cloud metadata",
            "http://linklocal6.example.org/hook         | link-local",
            "http://127.0.0.1:8083/hook                 | loopback",
            "http://[::1]/hook                          | loopback",
            "http://me.example.org/hook                 | loopback",
            "http://0.0.0.0/hook                        | not a unicast",
            "http://10.0.0.5/hook                       | private-network",
            "http://172.16.0.1/hook                     | private-network",
            "http://192.168.1.1/hook                    | private-network",
            "http://100.64.0.1/hook                     | private-network",
            "http://[fd12:3456::1]/hook                 | private-network",
            "http://internal.example.org/hook           | private-network",
            "http://no-such-host.example.org/hook       | does not resolve",
            "http://receiver.example.org@169.254.169.254/ | user information"})
    void shouldRefuseUrlNamingWhyWhenItBreaksARule(String url, String why) {
        // when / then
        assertThat(DEFAULTS.refusal(url)).hasValueSatisfying(reason -> assertThat(reason).contains(why));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://receiver.example.org/hook", "http://203.0.113.7:8080/alerts", "HTTPS://receiver.example.org./x"})
    void shouldAllowPublicHttpAndHttpsUrlsWhenNothingIsConfigured(String url) {
        // when / then
        assertThat(DEFAULTS.refusal(url)).isEmpty();
    }

    @Test
    void shouldAllowLoopbackOnlyWhenAllowedButNeverLinkLocalOrMetadata() {
        // given
        WebhookUrlPolicy local = policy(true, false, List.of());

        // when / then
        assertThat(local.refusal("http://127.0.0.1:8083/hook")).isEmpty();
        assertThat(local.refusal("http://[::1]/hook")).isEmpty();
        assertThat(local.refusal("http://me.example.org/hook")).isEmpty();
        assertThat(local.refusal("http://169.254.169.254/")).isPresent();
        assertThat(local.refusal("http://10.0.0.5/hook")).isPresent();
    }

    @Test
    void shouldAllowPrivateNetworksOnlyWhenAllowedButNeverMetadata() {
        // given
        WebhookUrlPolicy privateNetworks = policy(false, true, List.of());

        // when / then
        assertThat(privateNetworks.refusal("http://internal.example.org/hook")).isEmpty();
        assertThat(privateNetworks.refusal("http://192.168.1.1/hook")).isEmpty();
        assertThat(privateNetworks.refusal("http://100.100.100.200/")).hasValueSatisfying(r -> assertThat(r).contains("cloud metadata"));
        assertThat(privateNetworks.refusal("http://127.0.0.1/hook")).isPresent();
    }

    @Test
    void shouldAllowListedHostWhateverItResolvesTo() {
        // given
        WebhookUrlPolicy listed = policy(false, false, List.of("Internal.Example.org", "10.9.9.9"));

        // when / then
        assertThat(listed.refusal("https://internal.example.org/hook")).isEmpty();
        assertThat(listed.refusal("http://10.9.9.9/hook")).isEmpty();
        assertThat(listed.refusal("http://10.9.9.10/hook")).isPresent();
    }
}
