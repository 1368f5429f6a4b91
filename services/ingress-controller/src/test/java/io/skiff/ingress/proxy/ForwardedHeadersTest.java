package io.skiff.ingress.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

    @Test
    void hopByHopHeadersAndThoseConnectionNamesAreDropped() {
        HttpHeaders request = new DefaultHttpHeaders()
                .add("Host", "a.example.com")
                .add("Connection", "keep-alive, X-Private")
                .add("X-Private", "secret")
                .add("Keep-Alive", "timeout=5")
                .add("Transfer-Encoding", "chunked")
                .add("Accept", "text/html");

        HttpHeaders upstream = ForwardedHeaders.toUpstream(
                request, new InetSocketAddress("192.0.2.7", 50000), "https", "a.example.com", 443);

        assertThat(upstream.get("Host")).isEqualTo("a.example.com");
        assertThat(upstream.get("Accept")).isEqualTo("text/html");
        assertThat(upstream.contains("Connection")).isFalse();
        assertThat(upstream.contains("X-Private")).isFalse();
        assertThat(upstream.contains("Keep-Alive")).isFalse();
        assertThat(upstream.contains("Transfer-Encoding")).isFalse();
    }

    @Test
    void forwardedHeadersDescribeTheConnectionAndReplaceTheClientsClaims() {
        HttpHeaders request = new DefaultHttpHeaders()
                .add("Host", "a.example.com")
                .add("X-Forwarded-For", "6.6.6.6")
                .add("X-Forwarded-Proto", "gopher");

        HttpHeaders upstream = ForwardedHeaders.toUpstream(
                request, new InetSocketAddress("192.0.2.7", 50000), "https", "a.example.com", 443);

        assertThat(upstream.getAll("X-Forwarded-For")).containsExactly("192.0.2.7");
        assertThat(upstream.get("X-Real-IP")).isEqualTo("192.0.2.7");
        assertThat(upstream.getAll("X-Forwarded-Proto")).containsExactly("https");
        assertThat(upstream.get("X-Forwarded-Host")).isEqualTo("a.example.com");
        assertThat(upstream.get("X-Forwarded-Port")).isEqualTo("443");
    }
}
