package io.skiff.kubelet.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Docker's reference cases (distribution/reference normalize_test.go and reference_test.go), normalized as CRI does. */
class ImageReferenceTest {

    private static final String SHA = "sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
    private static final String HEX64 = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";

    static Stream<Arguments> valid() {
        return Stream.of(
                // input, normalized, domain, path, tag, digest
                Arguments.of(
                        "busybox", "docker.io/library/busybox:latest", "docker.io", "library/busybox", "latest", null),
                Arguments.of(
                        "busybox:1.36", "docker.io/library/busybox:1.36", "docker.io", "library/busybox", "1.36", null),
                Arguments.of(
                        "library/debian",
                        "docker.io/library/debian:latest",
                        "docker.io",
                        "library/debian",
                        "latest",
                        null),
                Arguments.of(
                        "docker.io/debian",
                        "docker.io/library/debian:latest",
                        "docker.io",
                        "library/debian",
                        "latest",
                        null),
                Arguments.of(
                        "index.docker.io/debian",
                        "docker.io/library/debian:latest",
                        "docker.io",
                        "library/debian",
                        "latest",
                        null),
                Arguments.of(
                        "index.docker.io/docker/docker",
                        "docker.io/docker/docker:latest",
                        "docker.io",
                        "docker/docker",
                        "latest",
                        null),
                Arguments.of("fooo/bar", "docker.io/fooo/bar:latest", "docker.io", "fooo/bar", "latest", null),
                Arguments.of(
                        "library/foo/bar",
                        "docker.io/library/foo/bar:latest",
                        "docker.io",
                        "library/foo/bar",
                        "latest",
                        null),
                Arguments.of(
                        "store/foo/bar",
                        "docker.io/store/foo/bar:latest",
                        "docker.io",
                        "store/foo/bar",
                        "latest",
                        null),
                Arguments.of(
                        "test_com/foo", "docker.io/test_com/foo:latest", "docker.io", "test_com/foo", "latest", null),
                Arguments.of(
                        "dock__er/docker",
                        "docker.io/dock__er/docker:latest",
                        "docker.io",
                        "dock__er/docker",
                        "latest",
                        null),
                Arguments.of(
                        "docker---rules/docker",
                        "docker.io/docker---rules/docker:latest",
                        "docker.io",
                        "docker---rules/docker",
                        "latest",
                        null),
                Arguments.of("d/docker", "docker.io/d/docker:latest", "docker.io", "d/docker", "latest", null),
                Arguments.of(
                        "127.0.0.1:5000/busybox",
                        "127.0.0.1:5000/busybox:latest",
                        "127.0.0.1:5000",
                        "busybox",
                        "latest",
                        null),
                Arguments.of(
                        "127.0.0.1:5000/busybox:1", "127.0.0.1:5000/busybox:1", "127.0.0.1:5000", "busybox", "1", null),
                Arguments.of(
                        "127.0.0.1:8000/private/moonbase",
                        "127.0.0.1:8000/private/moonbase:latest",
                        "127.0.0.1:8000",
                        "private/moonbase",
                        "latest",
                        null),
                Arguments.of("localhost/foo", "localhost/foo:latest", "localhost", "foo", "latest", null),
                Arguments.of(
                        "localhost:5000/foo/bar:tag",
                        "localhost:5000/foo/bar:tag",
                        "localhost:5000",
                        "foo/bar",
                        "tag",
                        null),
                Arguments.of(
                        "example.com/privatebase",
                        "example.com/privatebase:latest",
                        "example.com",
                        "privatebase",
                        "latest",
                        null),
                Arguments.of(
                        "example.com:8000/private/moonbase",
                        "example.com:8000/private/moonbase:latest",
                        "example.com:8000",
                        "private/moonbase",
                        "latest",
                        null),
                Arguments.of("test-com:8080/foo", "test-com:8080/foo:latest", "test-com:8080", "foo", "latest", null),
                Arguments.of(
                        "xn--n3h.com:18080/foo",
                        "xn--n3h.com:18080/foo:latest",
                        "xn--n3h.com:18080",
                        "foo",
                        "latest",
                        null),
                Arguments.of(
                        "sub-dom1.foo.com/bar/baz/quux:some-long-tag",
                        "sub-dom1.foo.com/bar/baz/quux:some-long-tag",
                        "sub-dom1.foo.com",
                        "bar/baz/quux",
                        "some-long-tag",
                        null),
                Arguments.of(
                        "b.gcr.io/test.example.com/my-app:test.example.com",
                        "b.gcr.io/test.example.com/my-app:test.example.com",
                        "b.gcr.io",
                        "test.example.com/my-app",
                        "test.example.com",
                        null),
                Arguments.of("Foo/bar", "Foo/bar:latest", "Foo", "bar", "latest", null),
                Arguments.of("FOO/bar", "FOO/bar:latest", "FOO", "bar", "latest", null),
                Arguments.of(
                        "lowercase:Uppercase",
                        "docker.io/library/lowercase:Uppercase",
                        "docker.io",
                        "library/lowercase",
                        "Uppercase",
                        null),
                Arguments.of(
                        "192.168.0.1",
                        "docker.io/library/192.168.0.1:latest",
                        "docker.io",
                        "library/192.168.0.1",
                        "latest",
                        null),
                Arguments.of(
                        "192.168.0.1:80",
                        "docker.io/library/192.168.0.1:80",
                        "docker.io",
                        "library/192.168.0.1",
                        "80",
                        null),
                Arguments.of(
                        "192.168.1.1:5000/repo:5050",
                        "192.168.1.1:5000/repo:5050",
                        "192.168.1.1:5000",
                        "repo",
                        "5050",
                        null),
                Arguments.of(
                        "[2001:db8::1]:5000/repo:tag",
                        "[2001:db8::1]:5000/repo:tag",
                        "[2001:db8::1]:5000",
                        "repo",
                        "tag",
                        null),
                Arguments.of("[::1]:5000/repo", "[::1]:5000/repo:latest", "[::1]:5000", "repo", "latest", null),
                Arguments.of(
                        "docker.io/" + HEX64,
                        "docker.io/library/" + HEX64 + ":latest",
                        "docker.io",
                        "library/" + HEX64,
                        "latest",
                        null),
                Arguments.of(
                        HEX64.substring(1),
                        "docker.io/library/" + HEX64.substring(1) + ":latest",
                        "docker.io",
                        "library/" + HEX64.substring(1),
                        "latest",
                        null),
                Arguments.of(
                        "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
                        "docker.io/library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev:latest",
                        "docker.io",
                        "library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
                        "latest",
                        null),
                // By digest; with both tag and digest only the digest stays (ParseDockerRef).
                Arguments.of("redis@" + SHA, "docker.io/library/redis@" + SHA, "docker.io", "library/redis", null, SHA),
                Arguments.of(
                        "busybox:latest@" + SHA,
                        "docker.io/library/busybox@" + SHA,
                        "docker.io",
                        "library/busybox",
                        null,
                        SHA),
                Arguments.of("test:5000/repo:tag@" + SHA, "test:5000/repo@" + SHA, "test:5000", "repo", null, SHA));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void normalizesAsDockerDoes(
            String input, String normalized, String domain, String path, String tag, String digest) {
        ImageReference reference = ImageReference.parse(input);

        assertThat(reference.toString()).isEqualTo(normalized);
        assertThat(reference.domain()).isEqualTo(domain);
        assertThat(reference.path()).isEqualTo(path);
        assertThat(reference.tag()).isEqualTo(tag);
        assertThat(reference.digest()).isEqualTo(digest);
        assertThat(ImageReference.parse(normalized)).isEqualTo(reference);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("", "invalid reference format"),
                Arguments.of(":justtag", "invalid reference format"),
                Arguments.of("@" + SHA, "invalid reference format"),
                Arguments.of("https://github.com/docker/docker", "invalid reference format"),
                Arguments.of("-docker", "invalid reference format"),
                Arguments.of("-docker/docker", "invalid reference format"),
                Arguments.of("docker-/docker", "invalid reference format"),
                Arguments.of("docker///docker", "invalid reference format"),
                Arguments.of("docker.io/docker///docker", "invalid reference format"),
                Arguments.of("____/____", "invalid reference format"),
                Arguments.of("dock..er/docker", "invalid reference format"),
                Arguments.of("docker/", "invalid reference format"),
                Arguments.of("aa/asdf$$^/aa", "invalid reference format"),
                Arguments.of("[fc00::1]:5000", "invalid reference format"),
                Arguments.of("fc00::1:5000/debian", "invalid reference format"),
                Arguments.of("[fe80::1%eth0]:5000/debian", "invalid reference format"),
                Arguments.of("[2001:db8:3:4::192.0.2.33]:5000/debian", "invalid reference format"),
                Arguments.of(
                        "docker/Docker", "invalid reference format: repository name (docker/Docker) must be lowercase"),
                Arguments.of(
                        "Uppercase:tag",
                        "invalid reference format: repository name (library/Uppercase) must be lowercase"),
                Arguments.of(
                        "test:5000/Uppercase/lowercase:tag",
                        "invalid reference format: repository name (Uppercase/lowercase) must be lowercase"),
                Arguments.of(
                        HEX64, "invalid repository name (" + HEX64 + "), cannot specify 64-byte hexadecimal strings"),
                Arguments.of("repo@sha256:ffffffffffffffffffffffffffffffffff", "invalid checksum digest length"),
                Arguments.of(
                        "validname@invaliddigest:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                        "unsupported digest algorithm"),
                Arguments.of(
                        "a/".repeat(127) + "a:tag-puts-this-over-max",
                        "repository name must not be more than 255 characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsWithDockersMessage(String input, String message) {
        assertThatThrownBy(() -> ImageReference.parse(input))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessage(message);
        assertThat(ImageReference.isValid(input)).isFalse();
    }

    @Test
    void dockerHubIsReachedThroughItsRegistryHost() {
        assertThat(ImageReference.parse("busybox").registryHost()).isEqualTo("registry-1.docker.io");
        assertThat(ImageReference.parse("127.0.0.1:5000/busybox").registryHost())
                .isEqualTo("127.0.0.1:5000");
    }

    @Test
    void aReferenceByDigestKeepsItsRepository() {
        ImageReference tagged = ImageReference.parse("127.0.0.1:5000/app:1.0");

        assertThat(tagged.withDigest(SHA).toString()).isEqualTo("127.0.0.1:5000/app@" + SHA);
        assertThat(tagged.object()).isEqualTo("1.0");
        assertThat(tagged.withDigest(SHA).object()).isEqualTo(SHA);
    }

    @Test
    void loopbackRegistriesArePlainHttpAndOthersHttps() {
        assertThat(RegistryEndpoint.of("127.0.0.1:5000").scheme()).isEqualTo("http");
        assertThat(RegistryEndpoint.of("127.1.2.3").scheme()).isEqualTo("http");
        assertThat(RegistryEndpoint.of("localhost:5000").scheme()).isEqualTo("http");
        assertThat(RegistryEndpoint.of("[::1]:5000").scheme()).isEqualTo("http");
        assertThat(RegistryEndpoint.of("registry-1.docker.io").scheme()).isEqualTo("https");
        assertThat(RegistryEndpoint.of("128.0.0.1:5000").scheme()).isEqualTo("https");
        assertThat(RegistryEndpoint.of("localhost.example.com").scheme()).isEqualTo("https");
        assertThat(RegistryEndpoint.of("127.0.0.1.nip.io:5000").scheme()).isEqualTo("https");
    }
}
