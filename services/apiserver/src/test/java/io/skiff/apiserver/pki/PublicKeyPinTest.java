package io.skiff.apiserver.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublicKeyPinTest {

    @TempDir
    Path dir;

    @Test
    void pinsTheSha256OfTheSubjectPublicKeyInfoAsKubeadmWritesIt() throws Exception {
        X509Certificate ca = ClusterPki.open(dir, Clock.systemUTC()).authorityCertificate();
        String expected = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(ca.getPublicKey().getEncoded()));

        PublicKeyPin pin = PublicKeyPin.of(ca);

        assertThat(pin.toString()).isEqualTo("sha256:" + expected);
        assertThat(PublicKeyPin.parse("sha256:" + expected)).isEqualTo(pin);
        assertThat(PublicKeyPin.parse(expected.toUpperCase()))
                .as("bare and upper-case hex")
                .isEqualTo(pin);
        assertThat(pin.matches(ca)).isTrue();
    }

    @Test
    void anotherAuthorityDoesNotMatch() {
        X509Certificate ours =
                ClusterPki.open(dir.resolve("a"), Clock.systemUTC()).authorityCertificate();
        X509Certificate theirs =
                ClusterPki.open(dir.resolve("b"), Clock.systemUTC()).authorityCertificate();

        assertThat(PublicKeyPin.of(ours).matches(theirs)).isFalse();
    }

    @Test
    void refusesWhatIsNotASha256Pin() {
        for (String bad : new String[] {"", "sha256:", "sha256:abc", "md5:" + "0".repeat(64), "0".repeat(63) + "g"}) {
            assertThatThrownBy(() -> PublicKeyPin.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a public-key pin is sha256: and 64 lower-case hex digits");
        }
    }
}
