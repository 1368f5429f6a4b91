package io.skiff.apiserver.protobuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.skiff.model.api.Statuses;
import io.skiff.model.json.KubeJson;

/**
 * Decodes the Kubernetes protobuf bodies kubectl's typed commands send
 * ({@value #MEDIA_TYPE}) into the JSON tree the same object has on the JSON wire, so the rest of the
 * server sees no difference between the two formats.
 *
 * <p>Messages are parsed as {@link DynamicMessage} over the descriptors of client-java-proto, not
 * with its generated parsers: those predate protobuf 3.21.7 and keep the denial of service it fixed
 * (CVE-2022-3171), which request bodies from any client must not reach.
 */
public final class ProtobufDecoder {

    public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

    private final KindRegistry kinds;
    private final MessageJson json;

    private ProtobufDecoder(KindRegistry kinds, MessageJson json) {
        this.kinds = kinds;
        this.json = json;
    }

    /** A decoder for the built-in kinds of core, apps, batch, networking, policy, rbac, storage, ... */
    public static ProtobufDecoder builtin() {
        return new ProtobufDecoder(BuiltinKinds.registry(), new MessageJson(GoFieldShapes.builtin()));
    }

    /**
     * Decodes a Kubernetes protobuf body (magic "k8s\0" + runtime.Unknown envelope carrying
     * apiVersion/kind and the raw message) of a built-in kind into the same JSON tree the JSON wire
     * format would give. Throws an ApiException of 400 BadRequest for a malformed or truncated body
     * and of 415 UnsupportedMediaType for a kind it cannot decode.
     */
    public ObjectNode decode(byte[] body) {
        Envelope envelope = Envelope.parse(body);
        Descriptor type = kinds.find(envelope.apiVersion(), envelope.kind())
                .orElseThrow(() -> Statuses.unsupportedMediaType(
                        MEDIA_TYPE + " of " + envelope.apiVersion() + ", Kind=" + envelope.kind()));
        Message message;
        try {
            message = DynamicMessage.parseFrom(type, envelope.raw());
        } catch (InvalidProtocolBufferException e) {
            throw Statuses.badRequest(
                    "the protobuf body of " + envelope.kind() + " could not be decoded: " + e.getMessage());
        }
        ObjectNode object = KubeJson.mapper().createObjectNode();
        object.put("kind", envelope.kind());
        object.put("apiVersion", envelope.apiVersion());
        json.writeFields(message, object);
        return object;
    }

    public boolean supports(String apiVersion, String kind) {
        return kinds.find(apiVersion, kind).isPresent();
    }
}
