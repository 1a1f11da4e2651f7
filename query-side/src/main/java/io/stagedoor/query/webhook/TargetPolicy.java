package io.stagedoor.query.webhook;

import io.stagedoor.kernel.error.InvalidInput;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which URLs a webhook may target. http or https with a host, no credentials in the URL; and every address the host
 * resolves to must be public: loopback, private (RFC 1918, unique-local), link-local (where cloud metadata services
 * answer, 169.254.169.254), carrier-grade NAT, unspecified and multicast addresses are refused, unless configuration
 * allows loopback or private networks. Checked when an endpoint is created or changed, and again, after resolving the
 * name anew, before every attempt (a name may come to point elsewhere). Redirects are never followed.
 */
final class TargetPolicy {

    static final int MAX_URL_LENGTH = 2048;

    private final boolean allowLoopback;
    private final boolean allowPrivateNetworks;

    TargetPolicy(boolean allowLoopback, boolean allowPrivateNetworks) {
        this.allowLoopback = allowLoopback;
        this.allowPrivateNetworks = allowPrivateNetworks;
    }

    /**
     * @return the URL, if it is one a webhook may target now
     * @throws InvalidInput (2011) saying why not
     */
    URI require(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidInput("url is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new InvalidInput("url is longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidInput("url is not a URL: " + e.getReason());
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new InvalidInput("url must be http or https");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidInput("url needs a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidInput("url must not carry credentials");
        }
        if (uri.getRawFragment() != null) {
            throw new InvalidInput("url must not have a fragment");
        }
        refusal(uri).ifPresent(reason -> {
            throw new InvalidInput("url " + reason);
        });
        return uri;
    }

    /** Why the URL's host may not be targeted now, if it may not. */
    Optional<String> refusal(URI uri) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("host '" + uri.getHost() + "' does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> refused = refusal(address);
            if (refused.isPresent()) {
                return Optional.of("host '" + uri.getHost() + "' resolves to " + address.getHostAddress() + ", "
                        + refused.get());
            }
        }
        return Optional.empty();
    }

    private Optional<String> refusal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isMulticastAddress() || isReservedIpv4(address)) {
            return Optional.of("which is not a host address");
        }
        if (address.isLoopbackAddress()) {
            return allowLoopback ? Optional.empty()
                    : Optional.of("a loopback address (allowed only with stagedoor.webhooks.allow-loopback)");
        }
        if (address.isSiteLocalAddress() || address.isLinkLocalAddress() || isUniqueLocal(address)
                || isSharedAddressSpace(address)) {
            return allowPrivateNetworks ? Optional.empty() : Optional.of("a private, link-local or metadata address "
                    + "(allowed only with stagedoor.webhooks.allow-private-networks)");
        }
        return Optional.empty();
    }

    /** 0.0.0.0/8 ("this network") and 240.0.0.0/4 (reserved, broadcast). */
    private static boolean isReservedIpv4(InetAddress address) {
        int first = address.getAddress()[0] & 0xff;
        return address instanceof Inet4Address && (first == 0 || first >= 240);
    }

    /** fc00::/7, where fd00:ec2::254 (a cloud metadata service) is too. */
    private static boolean isUniqueLocal(InetAddress address) {
        return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
    }

    /** 100.64.0.0/10, carrier-grade NAT (and 100.100.100.200, a cloud metadata service). */
    private static boolean isSharedAddressSpace(InetAddress address) {
        byte[] bytes = address.getAddress();
        return address instanceof Inet4Address && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
    }
}
