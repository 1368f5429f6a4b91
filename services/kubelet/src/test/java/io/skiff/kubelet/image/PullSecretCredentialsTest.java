package io.skiff.kubelet.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.kubelet.cri.RegistryCredentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** imagePullSecrets to credentials, and which credentials an image's registry takes (Kubernetes' keyring). */
class PullSecretCredentialsTest {

    @Test
    void readsAuthAndUsernamePasswordEntriesOfADockerConfigJsonSecret() {
        String json = """
                {"auths": {
                  "https://index.docker.io/v1/": {"auth": "%s"},
                  "127.0.0.1:5000": {"username": "alice", "password": "s3cret:with-colon"},
                  "http://registry.example.com:8443/v2/": {"auth": "%s", "username": "ignored", "password": "ignored"},
                  "quay.io/team/": {"username": "bob", "password": "pw"}
                }}""".formatted(base64("hub:hubpass"), base64("carol:pa:ss"));

        List<RegistryCredentials> credentials =
                DockerConfigJson.fromSecretData(Map.of(".dockerconfigjson", base64(json)));

        assertThat(credentials)
                .containsExactly(
                        new RegistryCredentials("index.docker.io", "hub", "hubpass"),
                        new RegistryCredentials("127.0.0.1:5000", "alice", "s3cret:with-colon"),
                        new RegistryCredentials("registry.example.com:8443", "carol", "pa:ss"),
                        new RegistryCredentials("quay.io/team", "bob", "pw"));
    }

    @Test
    void readsTheLegacyDockercfgSecret() {
        String json = "{\"127.0.0.1:5000\": {\"auth\": \"" + base64("u:p") + "\", \"email\": \"u@example.com\"}}";

        assertThat(DockerConfigJson.fromSecretData(Map.of(".dockercfg", base64(json))))
                .containsExactly(new RegistryCredentials("127.0.0.1:5000", "u", "p"));
    }

    @Test
    void aSecretOfAnotherKindHasNoCredentials() {
        assertThat(DockerConfigJson.fromSecretData(Map.of("token", base64("x"))))
                .isEmpty();
        assertThat(DockerConfigJson.fromSecretData(null)).isEmpty();
    }

    @Test
    void anAuthThatIsNotUserColonPasswordIsAnError() {
        String json = "{\"auths\": {\"r.example.com\": {\"auth\": \"" + base64("no-colon") + "\"}}}";

        assertThatThrownBy(() -> DockerConfigJson.parse(json.getBytes(StandardCharsets.UTF_8)))
                .hasMessage("unable to parse auth field, must be formatted as base64(username:password)");
    }

    static Stream<Arguments> matches() {
        return Stream.of(
                Arguments.of("the same host and port", "127.0.0.1:5000", "127.0.0.1:5000/busybox:1", true),
                Arguments.of("another port", "127.0.0.1:5001", "127.0.0.1:5000/busybox:1", false),
                Arguments.of("no port against a port", "127.0.0.1", "127.0.0.1:5000/busybox:1", false),
                Arguments.of("another host", "registry.example.com", "other.example.com/app", false),
                Arguments.of("a wildcard label", "*.example.com", "registry.example.com/app", true),
                Arguments.of("a wildcard spans one label only", "*.example.com", "a.b.example.com/app", false),
                Arguments.of("a path prefix", "quay.io/team", "quay.io/team/app", true),
                Arguments.of("another path", "quay.io/team", "quay.io/other/app", false),
                Arguments.of("a scheme and /v2/ are ignored", "https://quay.io/v2/", "quay.io/other/app", true),
                Arguments.of("Docker Hub's legacy key", "https://index.docker.io/v1/", "busybox", true),
                Arguments.of(
                        "Docker Hub's key does not leak",
                        "https://index.docker.io/v1/",
                        "127.0.0.1:5000/busybox",
                        false),
                Arguments.of("docker.io as key", "docker.io", "library/busybox", true),
                Arguments.of("credentials without registry apply anywhere", "", "127.0.0.1:5000/busybox", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matches")
    void matchesCredentialsByRegistry(String name, String key, String image, boolean expected) {
        RegistryCredentials credentials = new RegistryCredentials(DockerConfigJson.registryKey(key), "u", "p");

        List<RegistryCredentials> matching =
                RegistryCredentialMatcher.matching(List.of(credentials), ImageReference.parse(image));

        assertThat(matching.isEmpty()).isEqualTo(!expected);
    }

    @Test
    void keepsTheOrderCredentialsCameIn() {
        RegistryCredentials first = new RegistryCredentials("127.0.0.1:5000", "first", "p");
        RegistryCredentials other = new RegistryCredentials("example.com", "other", "p");
        RegistryCredentials second = new RegistryCredentials("127.0.0.1:5000", "second", "p");

        assertThat(RegistryCredentialMatcher.matching(
                        List.of(first, other, second), ImageReference.parse("127.0.0.1:5000/app")))
                .containsExactly(first, second);
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
