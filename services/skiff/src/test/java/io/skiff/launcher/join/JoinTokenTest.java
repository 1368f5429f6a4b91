package io.skiff.launcher.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.apiserver.pki.PublicKeyPin;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JoinTokenTest {

    @Test
    void generatedTokensHaveKubeadmsBootstrapTokenFormatAndDiffer() {
        Set<String> seen = new HashSet<>();
        Set<Character> characters = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            JoinToken token = JoinToken.generate();
            assertThat(token.value()).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
            assertThat(token.id()).hasSize(6);
            assertThat(token.secret()).hasSize(16);
            assertThat(seen.add(token.value())).isTrue();
            token.value().chars().forEach(c -> characters.add((char) c));
        }
        assertThat(characters).as("every letter and digit turns up").hasSize(36 + 1);
    }

    @Test
    void parsesATokenAndNamesItsSecret() {
        JoinToken token = JoinToken.parse("  abcdef.0123456789abcdef\n");
        assertThat(token.id()).isEqualTo("abcdef");
        assertThat(token.secret()).isEqualTo("0123456789abcdef");
        assertThat(token.value()).isEqualTo("abcdef.0123456789abcdef");
        assertThat(token.secretName()).isEqualTo("bootstrap-token-abcdef");
        assertThat(JoinToken.parse(token.value())).isEqualTo(token);
    }

    @Test
    void theSecureFormCarriesTheClusterCasPin() {
        String pin = "0123456789abcdef".repeat(4);
        JoinToken token = JoinToken.parse("K10" + pin + "::abcdef.0123456789abcdef\n");

        assertThat(token.authority()).isEqualTo(PublicKeyPin.parse("sha256:" + pin));
        assertThat(token.value()).as("the bearer token").isEqualTo("abcdef.0123456789abcdef");
        assertThat(token.joinValue()).isEqualTo("K10" + pin + "::abcdef.0123456789abcdef");
        assertThat(JoinToken.parse(token.value()).authority()).isNull();
        assertThat(JoinToken.parse(token.value()).pinnedTo(token.authority())).isEqualTo(token);
    }

    @Test
    void rejectsWhatIsNotABootstrapTokenWithoutEchoingIt() {
        for (String bad : new String[] {
            "",
            "abcdef",
            "abcdef.",
            "ABCDEF.0123456789abcdef",
            "abcde.0123456789abcdef",
            "abcdef.0123456789abcde",
            "abcdef:0123456789abcdef",
            "abcdef.0123456789abcdef0",
            "abcdef.0123456789abcde_",
            "K10abc::server:secret"
        }) {
            assertThatThrownBy(() -> JoinToken.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("not a join token: expected the form K10<CA hash>::[a-z0-9]{6}.[a-z0-9]{16} or"
                            + " [a-z0-9]{6}.[a-z0-9]{16}");
        }
        assertThatThrownBy(() -> JoinToken.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JoinToken("abcdef", "short")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void comparesSecretsAndKeepsThemOutOfItsText() {
        JoinToken token = JoinToken.parse("abcdef.0123456789abcdef");
        assertThat(token.secretMatches("0123456789abcdef")).isTrue();
        assertThat(token.secretMatches("0123456789abcdee")).isFalse();
        assertThat(token.secretMatches("0123456789abcdef0")).isFalse();
        assertThat(token.secretMatches(null)).isFalse();
        assertThat(token.toString()).isEqualTo("abcdef.<secret>").doesNotContain("0123456789abcdef");
    }
}
