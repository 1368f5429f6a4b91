package io.skiff.kubelet.staticpods;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads one manifest file into the pod the kubelet runs (extractFromFile and tryDecodeSinglePod in
 * Kubernetes' pkg/kubelet/config): the file holds one v1 Pod in YAML or JSON; it is decoded with the
 * API's defaults, must have a name, gets the kubelet's static pod defaults ({@link
 * StaticPodDefaults}), and must then be valid and refer to no other API object. Anything else is an
 * {@link InvalidManifestException} that says what is wrong.
 */
public final class ManifestReader {

    /** Kubernetes' maxConfigLength: larger files are refused before they are parsed. */
    static final long MAX_MANIFEST_BYTES = 10L << 20;

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final int QUOTED_DOCUMENT_LIMIT = 100;

    private final String nodeName;

    /** @param nodeName the node whose pods these are: it goes into their names, UIDs and spec.nodeName */
    public ManifestReader(String nodeName) {
        this.nodeName = nodeName;
    }

    /** The pod in {@code file}, defaulted as the kubelet runs it. */
    public Pod read(Path file) throws InvalidManifestException {
        JsonNode document = parse(file);
        Pod pod = decode(document);
        if (pod.getMetadata() == null
                || pod.getMetadata().getName() == null
                || pod.getMetadata().getName().isEmpty()) {
            throw new InvalidManifestException("invalid pod: name is needed for the pod");
        }
        ApiDefaults.apply(pod);
        StaticPodDefaults.apply(pod, file, nodeName);
        List<String> errors = ManifestValidation.errors(pod);
        if (!errors.isEmpty()) {
            throw new InvalidManifestException("invalid pod: [" + String.join(", ", errors) + "]");
        }
        Optional<String> reference = ManifestValidation.apiObjectReference(pod);
        if (reference.isPresent()) {
            throw new InvalidManifestException("static pods may not reference " + reference.get());
        }
        return pod;
    }

    private static JsonNode parse(Path file) throws InvalidManifestException {
        try {
            long size = Files.size(file);
            if (size > MAX_MANIFEST_BYTES) {
                throw new InvalidManifestException(
                        "the file is " + size + " bytes, more than a manifest may have (" + MAX_MANIFEST_BYTES + ")");
            }
            byte[] content = Files.readAllBytes(file);
            ObjectMapper mapper =
                    file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? KubeJson.mapper() : YAML;
            JsonNode document = mapper.readTree(content);
            return document == null ? mapper.missingNode() : document;
        } catch (JsonProcessingException e) {
            throw couldNotParse(e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidManifestException("cannot read the file: " + e);
        }
    }

    /** The document as a Pod: an object of kind Pod in version v1 (the only version Pods have). */
    private static Pod decode(JsonNode document) throws InvalidManifestException {
        String kind = document.path("kind").asText("");
        if (!document.isObject() || kind.isEmpty()) {
            throw couldNotParse("Object 'Kind' is missing in '" + quoted(document) + "'");
        }
        String apiVersion = document.path("apiVersion").asText("");
        if (apiVersion.isEmpty()) {
            throw couldNotParse("Object 'apiVersion' is missing in '" + quoted(document) + "'");
        }
        if (!kind.equals("Pod")) {
            throw couldNotParse("invalid pod: the manifest holds a " + kind + ", not a Pod");
        }
        if (!apiVersion.equals("v1")) {
            throw couldNotParse("no kind \"Pod\" is registered for version \"" + apiVersion + "\"");
        }
        try {
            return KubeJson.mapper().treeToValue(document, Pod.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw couldNotParse(message);
        }
    }

    /** The reason on one line: YAML parsers explain over several, with a picture of the spot. */
    private static InvalidManifestException couldNotParse(String reason) {
        String oneLine = reason == null ? "" : reason.strip().replaceAll("\\s*\\n\\s*", " ");
        return new InvalidManifestException("couldn't parse as pod(" + oneLine + "), please check manifest file.");
    }

    private static String quoted(JsonNode document) {
        String text = document.isMissingNode() ? "" : document.toString();
        return text.length() > QUOTED_DOCUMENT_LIMIT ? text.substring(0, QUOTED_DOCUMENT_LIMIT) + "..." : text;
    }
}
