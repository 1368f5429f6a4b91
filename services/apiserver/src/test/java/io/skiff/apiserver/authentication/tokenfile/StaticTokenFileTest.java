package io.skiff.apiserver.authentication.tokenfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.apiserver.authentication.TokenOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StaticTokenFileTest {

    static Stream<Arguments> validFiles() {
        return Stream.of(
                Arguments.of(
                        "quoted groups",
                        "abc123,alice,uid-1,\"ops,dev\"\n",
                        "abc123",
                        "alice",
                        "uid-1",
                        List.of("ops", "dev")),
                Arguments.of("three columns, no groups", "t0k3n,bob,2\n", "t0k3n", "bob", "2", List.of()),
                Arguments.of("one unquoted group", "t,carol,3,admins\n", "t", "carol", "3", List.of("admins")),
                Arguments.of("extra columns ignored", "t,dave,4,g,ignored,more\n", "t", "dave", "4", List.of("g")),
                Arguments.of(
                        "CRLF lines and blank lines",
                        "\r\nt1,erin,5,g1\r\n\r\nt2,frank,6,g2\r\n",
                        "t2",
                        "frank",
                        "6",
                        List.of("g2")),
                Arguments.of(
                        "a doubled quote inside a quoted field",
                        "\"to\"\"ken\",grace,7\n",
                        "to\"ken",
                        "grace",
                        "7",
                        List.of()),
                Arguments.of(
                        "duplicate token: the last line wins",
                        "dup,first,1\ndup,second,2\n",
                        "dup",
                        "second",
                        "2",
                        List.of()),
                Arguments.of("an empty token is skipped", ",nobody,0\nreal,heidi,8\n", "real", "heidi", "8", List.of()),
                Arguments.of("no final line break", "last,ivan,9", "last", "ivan", "9", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void readsUsersAsKubernetesDoes(
            String name, String csv, String token, String user, String uid, List<String> groups) {
        StaticTokenFile file = StaticTokenFile.parse("tokens.csv", csv);

        TokenOutcome outcome = file.authenticate(token, List.of("api"));

        assertThat(outcome.isAccepted()).isTrue();
        assertThat(outcome.user().name()).isEqualTo(user);
        assertThat(outcome.user().uid()).isEqualTo(uid);
        assertThat(outcome.user().groups()).isEqualTo(groups);
    }

    @Test
    void anUnknownTokenIsNotItsToKnow() {
        StaticTokenFile file = StaticTokenFile.parse("tokens.csv", "abc,alice,1\n");

        TokenOutcome outcome = file.authenticate("abd", List.of());

        assertThat(outcome.isAccepted()).isFalse();
        assertThat(outcome.error()).isNull();
    }

    @Test
    void anEmptyTokenIsNeverAUser() {
        StaticTokenFile file = StaticTokenFile.parse("tokens.csv", ",nobody,0\n");

        assertThat(file.size()).isZero();
        assertThat(file.authenticate("", List.of()).isAccepted()).isFalse();
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of(
                        "two columns",
                        "token,user\n",
                        "must have at least 3 columns (token, user name, user uid), found 2 on line 1"),
                Arguments.of(
                        "a bare quote",
                        "tok\"en,user,1\n",
                        "parse error on line 1, column 4: bare \" in non-quoted-field"),
                Arguments.of(
                        "text after a closing quote",
                        "\"token\"x,user,1\n",
                        "parse error on line 1, column 8: extraneous or missing \" in quoted-field"),
                Arguments.of(
                        "an unterminated quote",
                        "ok,user,1\n\"token,user,1\n",
                        "parse error on line 2, column 1: extraneous or missing \" in quoted-field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aMalformedFileStopsTheServerWithAClearMessage(String name, String csv, String message) {
        assertThatThrownBy(() -> StaticTokenFile.parse("tokens.csv", csv))
                .isInstanceOf(StaticTokenFile.InvalidTokenFileException.class)
                .hasMessageContaining("token file 'tokens.csv'")
                .hasMessageContaining(message);
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.csv");

        assertThatThrownBy(() -> StaticTokenFile.read(missing))
                .isInstanceOf(StaticTokenFile.InvalidTokenFileException.class)
                .hasMessageContaining("cannot read token file '" + missing + "'");
    }

    @Test
    void readsAFileFromDisk(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("tokens.csv"), "secret-token,admin,admin-uid,\"system:masters\"\n");

        assertThat(StaticTokenFile.read(file)
                        .authenticate("secret-token", List.of())
                        .user()
                        .groups())
                .containsExactly("system:masters");
    }
}
