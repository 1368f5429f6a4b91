package io.skiff.bench.dns;

import java.net.InetSocketAddress;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code 127.0.0.1:1053}: a DNS server on loopback only (DESIGN.md §5), as written, without
 * a name lookup.
 */
public final class LoopbackDnsServer implements ITypeConverter<InetSocketAddress> {

    private static final Pattern IPV4_LOOPBACK_PORT = Pattern.compile("(127(?:\\.\\d{1,3}){3}):(\\d{1,5})");

    @Override
    public InetSocketAddress convert(String value) {
        var matcher = IPV4_LOOPBACK_PORT.matcher(value);
        if (!matcher.matches()) {
            throw new TypeConversionException(
                    "expected a loopback address and port, e.g. 127.0.0.1:1053, got " + value);
        }
        int port = Integer.parseInt(matcher.group(2));
        if (port < 1 || port > 65535) {
            throw new TypeConversionException("not a port: " + port);
        }
        return new InetSocketAddress(matcher.group(1), port);
    }
}
