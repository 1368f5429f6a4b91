package io.skiff.dns.zone;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;

/** The address a reverse name spells: {@code 5.1.244.10.in-addr.arpa.}, nibbles under ip6.arpa. */
final class ReverseNames {

    private static final int IPV4_LABELS = 4;
    private static final int IPV6_NIBBLES = 32;

    private ReverseNames() {}

    /** The address, or empty for a partial or malformed name. */
    static Optional<InetAddress> address(Name name, Name tree) {
        List<String> labels = ClusterZone.relativeLabels(name, tree);
        if (labels.size() == IPV4_LABELS && tree.toString().equals("in-addr.arpa.")) {
            return IpAddresses.parse(String.join(".", labels));
        }
        if (labels.size() == IPV6_NIBBLES && tree.toString().equals("ip6.arpa.")) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < IPV6_NIBBLES; i++) {
                if (i > 0 && i % 4 == 0) {
                    text.append(':');
                }
                text.append(labels.get(i));
            }
            return IpAddresses.parse(text.toString());
        }
        return Optional.empty();
    }
}
