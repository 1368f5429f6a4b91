package io.skiff.dns.zone;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * How the cluster zone answers.
 *
 * @param zone the cluster domain, e.g. {@code cluster.local.}
 * @param ttl the TTL of every record, and the SOA's minimum (negative caching) TTL
 * @param nameServerAddress the address {@code ns.dns.<zone>} resolves to (the kube-dns Service's
 *     cluster IP, as CoreDNS answers); empty: no such record
 */
public record ZoneSettings(Name zone, Duration ttl, Optional<InetAddress> nameServerAddress) {

    public ZoneSettings {
        if (!zone.isAbsolute()) {
            throw new IllegalArgumentException("the cluster zone must be absolute: " + zone);
        }
        if (ttl.isNegative() || ttl.getSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the record TTL must be between 0 and 2^31-1 seconds: " + ttl);
        }
    }

    /** Settings for {@code domain} ("cluster.local" or "cluster.local."). */
    public static ZoneSettings of(String domain, Duration ttl, Optional<InetAddress> nameServerAddress) {
        try {
            return new ZoneSettings(
                    Name.fromString(domain.endsWith(".") ? domain : domain + ".")
                            .canonicalize(),
                    ttl,
                    nameServerAddress);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS domain: " + domain, e);
        }
    }

    long ttlSeconds() {
        return ttl.getSeconds();
    }
}
