package uk.nhs.impactmonitor.alerts.notify;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a webhook may point (SSRF guard): any region or ICB credential names a URL and this service POSTs to
 * it from inside the network, so a URL must not reach the cloud metadata service, link-local addresses, the
 * service's own host or, unless allowed, private networks. Checked when a subscription is made AND before
 * every delivery, on every address the host resolves to then: DNS can change after a URL was accepted.
 * <p>
 * What remains: the HTTP client resolves the name once more when it connects, so a name whose DNS answer
 * flips between the check and the connection (DNS rebinding with a zero TTL) can still slip through; egress
 * filtering at the network closes that.
 */
public class WebhookUrlPolicy {

    /** Host names that are the metadata service whatever they resolve to (GCP; "metadata" is its short name). */
    static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata");
    /** AWS/Azure/GCP/OpenStack (169.254.169.254), AWS over IPv6 (fd00:ec2::254), Alibaba Cloud (100.100.100.200). */
    static final Set<String> METADATA_ADDRESSES = Set.of("169.254.169.254", "fd00:ec2:0:0:0:0:0:254", "100.100.100.200");

    /** Resolves a host name to its addresses; a seam so tests can make DNS answer what they need. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowLoopback;
    private final boolean allowPrivateNetworks;
    private final Set<String> allowedHosts;
    private final Resolver resolver;

    public WebhookUrlPolicy(WebhookProperties settings, boolean allowLoopback) {
        this(settings, allowLoopback, InetAddress::getAllByName);
    }

    public WebhookUrlPolicy(WebhookProperties settings, boolean allowLoopback, Resolver resolver) {
        this.allowLoopback = allowLoopback;
        this.allowPrivateNetworks = settings.allowPrivateNetworks();
        this.allowedHosts = settings.allowedHosts().stream().map(WebhookUrlPolicy::normalise).collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    /** @return why the URL is refused, or empty when a webhook may be posted to it */
    public Optional<String> refusal(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("required");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of("not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            return Optional.of("must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            // http://allowed@169.254.169.254/ reads as the first host to a person; refuse rather than explain
            return Optional.of("must not carry user information");
        }
        String host = normalise(uri.getHost());
        if (allowedHosts.contains(host)) {
            return Optional.empty();
        }
        if (METADATA_HOSTS.contains(host)) {
            return Optional.of("host " + host + " is a cloud metadata service");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.of("host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> refused = refusal(address);
            if (refused.isPresent()) {
                return Optional.of("host " + host + " resolves to " + address.getHostAddress() + ", " + refused.get());
            }
        }
        return Optional.empty();
    }

    private Optional<String> refusal(InetAddress address) {
        if (address.getHostAddress().contains("%")) {
            address = stripScope(address);
        }
        if (METADATA_ADDRESSES.contains(address.getHostAddress())) {
            return Optional.of("a cloud metadata address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local address (169.254.0.0/16, fe80::/10)");
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return Optional.of("not a unicast address");
        }
        if (address.isLoopbackAddress()) {
            return allowLoopback ? Optional.empty()
                    : Optional.of("a loopback address (set monitor.alerts.webhooks.allow-loopback=true to allow)");
        }
        if (isPrivate(address) && !allowPrivateNetworks) {
            return Optional.of("a private-network address (set monitor.alerts.webhooks.allow-private-networks=true or list the host in "
                    + "monitor.alerts.webhooks.allowed-hosts to allow)");
        }
        return Optional.empty();
    }

    /** RFC 1918, RFC 6598 shared address space (100.64.0.0/10) and IPv6 unique local addresses (fc00::/7). */
    static boolean isPrivate(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 10 || (first == 172 && second >= 16 && second <= 31) || (first == 192 && second == 168)
                    || (first == 100 && second >= 64 && second <= 127);
        }
        return (b[0] & 0xfe) == 0xfc;
    }

    private static InetAddress stripScope(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException e) {
            return address;
        }
    }

    /** Lower case, without a trailing dot ("METADATA.google.internal." is the same host) or IPv6 brackets. */
    static String normalise(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }
}
