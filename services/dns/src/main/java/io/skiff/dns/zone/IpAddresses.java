package io.skiff.dns.zone;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.xbill.DNS.Address;

/** Literal IP addresses as the API objects spell them; never a name lookup. */
public final class IpAddresses {

    private IpAddresses() {}

    /** The address {@code text} spells, or empty when it is not a literal IPv4 or IPv6 address. */
    public static Optional<InetAddress> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        int family = text.indexOf(':') >= 0 ? Address.IPv6 : Address.IPv4;
        byte[] bytes = Address.toByteArray(text, family);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * The address as one DNS label, as CoreDNS names endpoints without a hostname and pods:
     * {@code 10.244.1.5} → {@code 10-244-1-5}, {@code fd00::1} → {@code fd00--1}.
     */
    static String dashed(String ip) {
        return ip.replace('.', '-').replace(':', '-');
    }

    /**
     * The address a dashed label spells ({@code 10-244-1-5}, {@code fd00--1}); empty when it spells
     * none.
     */
    static Optional<InetAddress> undashed(String label) {
        if (label.chars().filter(c -> c == '-').count() == 3 && label.indexOf("--") < 0) {
            Optional<InetAddress> v4 = parse(label.replace('-', '.'));
            if (v4.isPresent()) {
                return v4;
            }
        }
        return parse(label.replace('-', ':')).filter(address -> address.getAddress().length == 16);
    }
}
