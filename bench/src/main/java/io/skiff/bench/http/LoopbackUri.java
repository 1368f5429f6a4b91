package io.skiff.bench.http;

import java.net.URI;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Accepts only http and https URLs on loopback (DESIGN.md §5, network safety): benchmarks must never load a
 * machine other than this one. The host is checked as written, without a DNS lookup, so a name that
 * merely resolves to 127.0.0.1 somewhere is refused too.
 */
public final class LoopbackUri implements ITypeConverter<URI> {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

    @Override
    public URI convert(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("not a URL: " + value);
        }
        boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
        if (!web || uri.getHost() == null || !isLoopback(uri.getHost())) {
            throw new TypeConversionException(
                    "only http(s)://127.x.x.x, http(s)://[::1] or http(s)://localhost URLs are allowed, got " + value);
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost")
                || host.equals("[::1]")
                || IPV4_LOOPBACK.matcher(host).matches();
    }
}
