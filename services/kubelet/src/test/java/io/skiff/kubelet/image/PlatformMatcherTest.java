package io.skiff.kubelet.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which manifest of an image index (manifest list) a node picks, as containerd does. */
class PlatformMatcherTest {

    private static final OciDescriptor AMD64 = entry("amd64", "linux", "amd64", "");
    private static final OciDescriptor ARM64 = entry("arm64", "linux", "arm64", "v8");
    private static final OciDescriptor ARMV7 = entry("armv7", "linux", "arm", "v7");
    private static final OciDescriptor ARMV6 = entry("armv6", "linux", "arm", "v6");
    private static final OciDescriptor I386 = entry("386", "linux", "386", "");
    private static final OciDescriptor WINDOWS = entry("windows", "windows", "amd64", "");
    private static final OciDescriptor ATTESTATION = entry("attestation", "unknown", "unknown", "");
    private static final OciDescriptor NO_PLATFORM = entry("no-platform", null, null, null);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "amd64 node takes amd64 from a multi-arch index",
                        node("amd64", ""),
                        List.of(ARM64, ARMV7, ATTESTATION, AMD64, WINDOWS, I386),
                        List.of("amd64", "386")),
                Arguments.of("amd64 node falls back to 386", node("amd64", ""), List.of(ARM64, I386), List.of("386")),
                Arguments.of("x86_64 is amd64", node("x86_64", ""), List.of(AMD64), List.of("amd64")),
                Arguments.of(
                        "arm64 node takes arm64/v8 (the default variant), then 32-bit arm newest first",
                        node("aarch64", ""),
                        List.of(ARMV6, AMD64, ARMV7, ARM64),
                        List.of("arm64", "armv7", "armv6")),
                Arguments.of(
                        "arm64 entry without variant is arm64/v8",
                        node("arm64", "v8"),
                        List.of(entry("arm64-novariant", "linux", "aarch64", "")),
                        List.of("arm64-novariant")),
                Arguments.of(
                        "armv7 node runs v7 and v6, not arm64",
                        node("arm", "v7"),
                        List.of(ARM64, ARMV6, ARMV7),
                        List.of("armv7", "armv6")),
                Arguments.of("armv6 node does not run v7", node("arm", "v6"), List.of(ARMV7), List.of()),
                Arguments.of(
                        "entries without platform come last, in index order",
                        node("amd64", ""),
                        List.of(NO_PLATFORM, AMD64),
                        List.of("amd64", "no-platform")),
                Arguments.of(
                        "index order breaks ties",
                        node("amd64", ""),
                        List.of(entry("first", "linux", "amd64", ""), entry("second", "linux", "amd64", "v1")),
                        List.of("first", "second")),
                Arguments.of(
                        "nothing for this platform",
                        node("amd64", ""),
                        List.of(ARM64, WINDOWS, ATTESTATION),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void picksTheBestEntryFirst(String name, Platform node, List<OciDescriptor> index, List<String> expected) {
        List<String> picked = new ArrayList<>();
        new PlatformMatcher(node).candidates(index).forEach(d -> picked.add(d.digest()));

        assertThat(picked).isEqualTo(expected);
    }

    @Test
    void theNodesPlatformIsLinuxOnItsArchitecture() {
        Platform current = Platform.current();

        assertThat(current.os()).isEqualTo("linux");
        assertThat(current.architecture()).isIn("amd64", "arm64", "arm", "386", "ppc64le", "s390x", "riscv64");
    }

    @Test
    void anIndexParsesWithItsPlatforms() {
        String index = """
                {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json",
                 "manifests":[
                  {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":527,
                   "digest":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                   "platform":{"architecture":"arm","os":"linux","variant":"v7"}}]}""";

        OciManifest parsed = OciManifest.parse(index.getBytes(), "application/octet-stream");

        assertThat(parsed.isIndex()).isTrue();
        assertThat(parsed.manifests()).singleElement().satisfies(d -> {
            assertThat(d.platform()).isEqualTo(new Platform("linux", "arm", "v7"));
            assertThat(d.size()).isEqualTo(527);
        });
    }

    private static Platform node(String architecture, String variant) {
        return new Platform("linux", architecture, variant);
    }

    private static OciDescriptor entry(String name, String os, String architecture, String variant) {
        return new OciDescriptor(
                MediaTypes.OCI_MANIFEST, name, 100, os == null ? null : new Platform(os, architecture, variant));
    }
}
