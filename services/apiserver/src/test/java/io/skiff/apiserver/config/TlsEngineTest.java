package io.skiff.apiserver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class TlsEngineTest {

    @Test
    void boringSslLoadsOnTheLinuxBuildsSkiffShips() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        assumeTrue(
                os.startsWith("linux") && (arch.equals("amd64") || arch.equals("aarch64")),
                "netty-tcnative is bundled for Linux x86-64 and arm64 only; this is " + os + "/" + arch);

        assertThat(TlsEngine.boringSsl())
                .as("BoringSSL should load: %s", OpenSsl.unavailabilityCause())
                .isTrue();
        assertThat(TlsEngine.describe()).startsWith("BoringSSL");
        // Netty then picks it for the contexts Spring Boot and the component clients build.
        assertThat(io.netty.handler.ssl.SslContext.defaultServerProvider()).isEqualTo(SslProvider.OPENSSL);
    }
}
