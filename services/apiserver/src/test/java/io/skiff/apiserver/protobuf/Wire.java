package io.skiff.apiserver.protobuf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.skiff.model.json.KubeJson;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/** Request bodies laid out as client-go lays them out, and the JSON expected of them. */
final class Wire {

    private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

    private Wire() {}

    /**
     * The envelope client-go writes: magic, then runtime.Unknown with the TypeMeta, the raw object and
     * the two value strings contentEncoding and contentType, which Go writes even when empty.
     */
    static byte[] envelope(String apiVersion, String kind, ByteString raw) {
        Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
                .setTypeMeta(
                        Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(raw)
                .setContentEncoding("")
                .setContentType("")
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.writeBytes(unknown.toByteArray());
        return out.toByteArray();
    }

    static byte[] envelope(String apiVersion, String kind, Message object) {
        return envelope(apiVersion, kind, object.toByteString());
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", "").replace("\n", ""));
    }

    static JsonNode json(String json) {
        try {
            return KubeJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * ObjectMeta as Go writes it when only the name is set: every string and the generation go on
     * the wire empty, and the zero creationTimestamp as an empty message.
     */
    static Meta.ObjectMeta.Builder meta(String name) {
        return Meta.ObjectMeta.newBuilder()
                .setName(name)
                .setGenerateName("")
                .setNamespace("")
                .setSelfLink("")
                .setUid("")
                .setResourceVersion("")
                .setGeneration(0)
                .setCreationTimestamp(Meta.Time.getDefaultInstance());
    }

    /** 2024-01-02T03:04:05Z. */
    static Meta.Time time() {
        return Meta.Time.newBuilder().setSeconds(1_704_164_645L).build();
    }
}
