package io.skiff.launcher.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The words an unreachable server is reported in. */
class JoinCheckTest {

    private static final String URL = "http://skiff-1:6443";

    @Test
    void commonFailuresInPlainWords() {
        assertThat(JoinCheck.rootMessage(
                        URL,
                        new IllegalStateException(
                                "Retries exhausted: 2/2",
                                new ConnectException("finishConnect(..) failed with error(-111): Connection refused"))))
                .isEqualTo("connection refused");
        assertThat(JoinCheck.rootMessage(
                        URL, new RuntimeException(new UnknownHostException("Failed to resolve 'skiff-1' [A(1)]"))))
                .isEqualTo("unknown host skiff-1");
        assertThat(JoinCheck.rootMessage(URL, new RuntimeException(new TimeoutException("Did not observe any item"))))
                .isEqualTo("no answer in time");
    }

    @Test
    void otherwiseTheInnermostMessage() {
        assertThat(JoinCheck.rootMessage(
                        URL, new RuntimeException("outer", new IllegalArgumentException("Connection reset by peer"))))
                .isEqualTo("Connection reset by peer");
        assertThat(JoinCheck.rootMessage(URL, new RuntimeException(new IllegalStateException())))
                .isEqualTo("IllegalStateException");
    }
}
