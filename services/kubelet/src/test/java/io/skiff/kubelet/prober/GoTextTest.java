package io.skiff.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Texts as Go writes them, since probe messages are Go error strings. */
class GoTextTest {

    @Test
    void durationsPrintAsGoPrintsThem() {
        assertThat(GoText.duration(Duration.ZERO)).isEqualTo("0s");
        assertThat(GoText.duration(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(GoText.duration(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(GoText.duration(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(GoText.duration(Duration.ofSeconds(60))).isEqualTo("1m0s");
        assertThat(GoText.duration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(GoText.duration(Duration.ofSeconds(3600))).isEqualTo("1h0m0s");
    }

    @Test
    void quotingEscapesAsGo() {
        assertThat(GoText.quote("sh -c \"x\"\n\\")).isEqualTo("\"sh -c \\\"x\\\"\\n\\\\\"");
        assertThat(GoText.quote("\u0001é")).isEqualTo("\"\\x01é\"");
    }

    @Test
    void hostsAndPortsJoinAsGo() {
        assertThat(GoText.joinHostPort("10.1.2.3", 80)).isEqualTo("10.1.2.3:80");
        assertThat(GoText.joinHostPort("fd00::1", 80)).isEqualTo("[fd00::1]:80");
    }

    @Test
    void dialErrorsReadAsGos() {
        assertThat(GoText.dialError(new ConnectException("Connection refused"), "10.1.2.3", 80))
                .isEqualTo("dial tcp 10.1.2.3:80: connect: connection refused");
        assertThat(GoText.dialError(new SocketTimeoutException("Connect timed out"), "10.1.2.3", 80))
                .isEqualTo("dial tcp 10.1.2.3:80: i/o timeout");
        assertThat(GoText.dialError(new ConnectException("No route to host"), "10.1.2.3", 80))
                .isEqualTo("dial tcp 10.1.2.3:80: connect: no route to host");
        assertThat(GoText.dialError(new UnknownHostException("web"), "web", 80))
                .isEqualTo("dial tcp: lookup web: no such host");
    }
}
