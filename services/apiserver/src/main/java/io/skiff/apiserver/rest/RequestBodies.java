package io.skiff.apiserver.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.skiff.apiserver.protobuf.ProtobufDecoder;
import io.skiff.model.api.Statuses;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.yaml.snakeyaml.LoaderOptions;
import reactor.core.publisher.Mono;

/** Reads request bodies: at most the configured size, JSON or YAML, depth-limited. */
public final class RequestBodies {

    private final long maxBytes;
    private final ObjectMapper yaml;
    private final ProtobufDecoder protobuf;

    public RequestBodies(long maxBytes, ProtobufDecoder protobuf) {
        this.maxBytes = maxBytes;
        this.protobuf = protobuf;
        LoaderOptions loader = new LoaderOptions();
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
        return DataBufferUtils.join(request.bodyToFlux(DataBuffer.class), (int) Math.min(Integer.MAX_VALUE, maxBytes))
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
        MediaType type = request.headers().contentType().orElse(MediaType.APPLICATION_JSON);
        return bytes(request).map(bytes -> parseObject(bytes, type));
    }

    public ObjectNode parseObject(byte[] bytes, MediaType type) {
        JsonNode tree = parse(bytes, type);
        if (!(tree instanceof ObjectNode object)) {
            throw Statuses.badRequest("the request body must be a JSON object");
        }
        return object;
    }

    public JsonNode parse(byte[] bytes, MediaType type) {
        if (bytes.length == 0) {
            throw Statuses.badRequest("the request body is empty");
        }
        if (isProtobuf(type)) {
            // kubectl's typed commands send built-in kinds as Kubernetes protobuf and never retry as JSON.
            return protobuf.decode(bytes);
        }
        try {
            if (isYaml(type)) {
                JsonNode tree = yaml.readTree(bytes);
                return tree == null ? KubeJson.mapper().nullNode() : tree;
            }
            if (!isJson(type)) {
                throw Statuses.unsupportedMediaType(type.toString());
            }
            return KubeJson.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw Statuses.badRequest("the request body is not valid " + (isYaml(type) ? "YAML" : "JSON") + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw Statuses.badRequest("the request body could not be read: " + e.getMessage());
        }
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
