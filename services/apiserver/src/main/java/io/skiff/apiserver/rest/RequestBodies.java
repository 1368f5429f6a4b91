package io.skiff.apiserver.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.skiff.apiserver.protobuf.ProtobufDecoder;
import io.skiff.model.api.Statuses;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import reactor.core.publisher.Mono;

/** Reads request bodies: at most the configured size, JSON or YAML, depth-limited. */
public final class RequestBodies {

    private static final ObjectReader STRICT_JSON =
            KubeJson.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final long maxBytes;
    private final LoaderOptions loaderOptions;
    private final ObjectMapper yaml;
    private final ProtobufDecoder protobuf;

    public RequestBodies(long maxBytes, ProtobufDecoder protobuf) {
        this.maxBytes = maxBytes;
        this.protobuf = protobuf;
        LoaderOptions loader = new LoaderOptions();
        this.loaderOptions = loader;
        loader.setMaxAliasesForCollections(50);
        loader.setNestingDepthLimit(KubeJson.MAX_NESTING_DEPTH);
        loader.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxBytes));
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(loader).build();
        factory.setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(KubeJson.MAX_NESTING_DEPTH)
                .build());
        this.yaml = new YAMLMapper(factory);
    }

    /** The raw body bytes; 413 when over the limit. */
    public Mono<byte[]> bytes(ServerRequest request) {
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > maxBytes) {
            return Mono.error(Statuses.requestEntityTooLarge(maxBytes));
        }
        return DataBufferUtils.join(
                        request.body(BodyExtractors.toDataBuffers()), (int) Math.min(Integer.MAX_VALUE, maxBytes))
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .onErrorMap(DataBufferLimitException.class, e -> Statuses.requestEntityTooLarge(maxBytes))
                .defaultIfEmpty(new byte[0]);
    }

    /** The body as a Kubernetes object; 400 if it is not one, 415 for an unknown content type. */
    public Mono<ObjectNode> object(ServerRequest request) {
        MediaType type = objectType(request);
        return bytes(request).map(bytes -> parseObject(bytes, type));
    }

    /**
     * The type of a body that is an object (create, update, delete options): JSON when unset, else
     * one of the types kube-apiserver decodes objects from; a patch type or any other is a 415.
     */
    public static MediaType objectType(ServerRequest request) {
        MediaType type = contentType(request).orElse(MediaType.APPLICATION_JSON);
        String bare = type.getType() + "/" + type.getSubtype();
        if (!bare.equals("application/json") && !bare.equals("application/yaml") && !isProtobuf(type)) {
            throw Statuses.unsupportedMediaType(type.toString());
        }
        return type;
    }

    /**
     * The request's Content-Type; a header that is no media type at all is a 415, as
     * kube-apiserver answers when it cannot parse one (not the parser's exception, a 500).
     */
    public static Optional<MediaType> contentType(ServerRequest request) {
        try {
            return request.headers().contentType();
        } catch (InvalidMediaTypeException unparseable) {
            throw Statuses.unsupportedMediaType(request.headers().firstHeader(HttpHeaders.CONTENT_TYPE));
        }
    }

    public ObjectNode parseObject(byte[] bytes, MediaType type) {
        JsonNode tree = parse(bytes, type);
        if (!(tree instanceof ObjectNode object)) {
            throw Statuses.badRequest("the request body must be a JSON object");
        }
        return object;
    }

    public JsonNode parse(byte[] bytes, MediaType type) {
        return withoutLoneSurrogates(decode(bytes, type));
    }

    private JsonNode decode(byte[] bytes, MediaType type) {
        if (bytes.length == 0) {
            throw Statuses.badRequest("the request body is empty");
        }
        if (isProtobuf(type)) {
            // kubectl's typed commands send built-in kinds as Kubernetes protobuf and never retry as JSON.
            return protobuf.decode(bytes);
        }
        try {
            if (isYaml(type)) {
                refuseAliases(bytes);
                JsonNode tree = yaml.readTree(bytes);
                return tree == null ? KubeJson.mapper().nullNode() : tree;
            }
            if (!isJson(type)) {
                throw Statuses.unsupportedMediaType(type.toString());
            }
            // Go's decoder refuses anything after the value; Jackson would ignore it.
            return STRICT_JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw Statuses.badRequest("the request body is not valid " + (isYaml(type) ? "YAML" : "JSON") + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw Statuses.badRequest("the request body could not be read: " + e.getMessage());
        }
    }

    /**
     * Jackson's YAML parser does not expand aliases: it reads {@code *name} as the string "name",
     * so a document with anchors would be stored other than it says (and a billion-laughs document
     * would pass as a few strings). Kubernetes expands them, within limits; until this parser does,
     * a document that uses one is refused. (kubectl sends JSON; this concerns YAML sent as is.)
     */
    private void refuseAliases(byte[] bytes) {
        if (!containsAlias(bytes)) {
            return;
        }
        try {
            for (Event event : new Yaml(loaderOptions)
                    .parse(new java.io.InputStreamReader(
                            new java.io.ByteArrayInputStream(bytes), java.nio.charset.StandardCharsets.UTF_8))) {
                if (event instanceof AliasEvent) {
                    throw Statuses.badRequest("the request body is not valid YAML: aliases (*"
                            + ((AliasEvent) event).getAnchor() + ") are not supported");
                }
            }
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw Statuses.badRequest("the request body is not valid YAML: " + e.getMessage());
        }
    }

    /** Cheap first look: an alias needs a '*' somewhere. */
    private static boolean containsAlias(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '*') {
                return true;
            }
        }
        return false;
    }

    /**
     * A "\\ud800" escape with no partner decodes, in Go, to U+FFFD: so it must here, or it reaches
     * validation and storage as half a character (and is lost when the object is written out).
     */
    static JsonNode withoutLoneSurrogates(JsonNode node) {
        if (node instanceof TextNode text) {
            String fixed = replaceLoneSurrogates(text.textValue());
            return fixed == null ? node : TextNode.valueOf(fixed);
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, withoutLoneSurrogates(array.get(i)));
            }
        } else if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = withoutLoneSurrogates(object.get(name));
                String fixedName = replaceLoneSurrogates(name);
                if (fixedName != null) {
                    object.remove(name);
                    object.set(fixedName, value);
                } else {
                    object.set(name, value);
                }
            }
        }
        return node;
    }

    /** The text with each unpaired surrogate replaced by U+FFFD, or null when it has none. */
    private static String replaceLoneSurrogates(String text) {
        StringBuilder fixed = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                    ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    : !Character.isLowSurrogate(c);
            if (Character.isHighSurrogate(c) && paired) {
                if (fixed != null) {
                    fixed.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (!paired && fixed == null) {
                fixed = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (fixed != null) {
                fixed.append(paired ? c : '\uFFFD');
            }
        }
        return fixed == null ? null : fixed.toString();
    }

    private static boolean isProtobuf(MediaType type) {
        return (type.getType() + "/" + type.getSubtype()).equals(ProtobufDecoder.MEDIA_TYPE);
    }

    private static boolean isYaml(MediaType type) {
        return type.getSubtype().equals("yaml")
                || type.getSubtype().endsWith("+yaml")
                || type.getSubtype().equals("x-yaml");
    }

    private static boolean isJson(MediaType type) {
        return type.getSubtype().equals("json") || type.getSubtype().endsWith("+json") || type.equals(MediaType.ALL);
    }
}
