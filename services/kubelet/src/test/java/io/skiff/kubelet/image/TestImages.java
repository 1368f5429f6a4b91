package io.skiff.kubelet.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Images (layers, config, manifest) built in the test and pushed to a {@link FakeRegistry}. */
final class TestImages {

    private TestImages() {}

    /**
     * An image as pushed.
     *
     * @param manifest the manifest's bytes
     */
    record Pushed(
            String manifestDigest,
            byte[] manifest,
            String configDigest,
            List<String> layerDigests,
            List<String> diffIds,
            long layersSize) {}

    /** Pushes an OCI image for linux/{@code architecture} with gzip layers made of {@code layerTars}. */
    static Pushed push(FakeRegistry registry, String repository, String tag, String architecture, byte[]... layerTars) {
        return push(registry, repository, tag, MediaTypes.OCI_MANIFEST, architecture, List.of(layerTars), null);
    }

    /**
     * Pushes an image; {@code diffIdsOverride} replaces the config's diff ids (to make them lie).
     */
    static Pushed push(
            FakeRegistry registry,
            String repository,
            String tag,
            String manifestMediaType,
            String architecture,
            List<byte[]> layerTars,
            List<String> diffIdsOverride) {
        List<String> diffIds = new ArrayList<>();
        List<Map<String, Object>> layers = new ArrayList<>();
        List<String> layerDigests = new ArrayList<>();
        long layersSize = 0;
        boolean docker = manifestMediaType.equals(MediaTypes.DOCKER_MANIFEST);
        for (byte[] tar : layerTars) {
            diffIds.add(Digest.sha256(tar).toString());
            byte[] compressed = TarFixture.gzip(tar);
            String digest = registry.pushBlob(compressed);
            layerDigests.add(digest);
            layersSize += compressed.length;
            layers.add(descriptor(
                    docker
                            ? "application/vnd.docker.image.rootfs.diff.tar.gzip"
                            : "application/vnd.oci.image.layer.v1.tar+gzip",
                    digest,
                    compressed.length));
        }
        Map<String, Object> runConfig = new LinkedHashMap<>();
        runConfig.put("User", "1000:1000");
        runConfig.put("Env", List.of("PATH=/usr/local/bin:/usr/bin:/bin", "GREETING=hello"));
        runConfig.put("Entrypoint", List.of("/bin/sh", "-c"));
        runConfig.put("Cmd", List.of("echo $GREETING"));
        runConfig.put("WorkingDir", "/srv");
        runConfig.put("ExposedPorts", Map.of("8080/tcp", Map.of()));
        runConfig.put("StopSignal", "SIGQUIT");
        runConfig.put("Labels", Map.of("org.example.name", repository));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", architecture);
        config.put("os", "linux");
        config.put("config", runConfig);
        config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIdsOverride == null ? diffIds : diffIdsOverride));
        byte[] configBytes = json(config);
        String configDigest = registry.pushBlob(configBytes);

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", manifestMediaType);
        manifest.put(
                "config",
                descriptor(
                        docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG, configDigest, configBytes.length));
        manifest.put("layers", layers);
        byte[] manifestBytes = json(manifest);
        String manifestDigest = registry.pushManifest(repository, tag, manifestMediaType, manifestBytes);
        return new Pushed(manifestDigest, manifestBytes, configDigest, layerDigests, diffIds, layersSize);
    }

    /** Pushes an index (or Docker manifest list) of already pushed manifests, each for its platform. */
    static String pushIndex(
            FakeRegistry registry, String repository, String tag, String mediaType, List<Map<String, Object>> entries) {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", mediaType);
        index.put("manifests", entries);
        return registry.pushManifest(repository, tag, mediaType, json(index));
    }

    static Map<String, Object> indexEntry(Pushed image, String architecture, String variant) {
        Map<String, Object> entry =
                descriptor(MediaTypes.OCI_MANIFEST, image.manifestDigest(), image.manifest().length);
        Map<String, Object> platform = new LinkedHashMap<>();
        platform.put("architecture", architecture);
        platform.put("os", "linux");
        if (variant != null) {
            platform.put("variant", variant);
        }
        entry.put("platform", platform);
        return entry;
    }

    private static Map<String, Object> descriptor(String mediaType, String digest, long size) {
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("mediaType", mediaType);
        descriptor.put("digest", digest);
        descriptor.put("size", size);
        return descriptor;
    }

    static byte[] json(Object value) {
        try {
            return OciJson.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
