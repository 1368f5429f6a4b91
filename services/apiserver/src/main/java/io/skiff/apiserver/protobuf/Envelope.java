package io.skiff.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Runtime;
import io.skiff.model.api.Statuses;
import java.util.Arrays;

/**
 * The wrapper of every Kubernetes protobuf body: the magic bytes "k8s\0", then a runtime.Unknown
 * whose TypeMeta names the object and whose raw bytes are the object's own message.
 * (k8s.io/apimachinery/pkg/runtime/serializer/protobuf)
 */
record Envelope(String apiVersion, String kind, ByteString raw) {

    private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};
    private static final Descriptor UNKNOWN = Runtime.Unknown.getDescriptor();

    /** Reads the envelope, failing as Kubernetes' decoder does on data that is not one. */
    static Envelope parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw Statuses.badRequest("empty data");
        }
        if (!hasMagic(body)) {
            throw Statuses.badRequest(
                    "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
        }
        if (body.length == MAGIC.length) {
            throw Statuses.badRequest("empty body");
        }
        Message unknown;
        try {
            unknown = DynamicMessage.parseFrom(
                    UNKNOWN, ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
        } catch (InvalidProtocolBufferException e) {
            throw Statuses.badRequest("the protobuf envelope could not be decoded: " + e.getMessage());
        }
        Message typeMeta = (Message) field(unknown, "typeMeta");
        String kind = (String) field(typeMeta, "kind");
        String apiVersion = (String) field(typeMeta, "apiVersion");
        if (kind.isEmpty()) {
            throw Statuses.badRequest("Object 'Kind' is missing in the protobuf envelope");
        }
        if (apiVersion.isEmpty()) {
            throw Statuses.badRequest("Object 'apiVersion' is missing in the protobuf envelope");
        }
        return new Envelope(apiVersion, kind, (ByteString) field(unknown, "raw"));
    }

    private static Object field(Message message, String name) {
        return message.getField(message.getDescriptorForType().findFieldByName(name));
    }

    private static boolean hasMagic(byte[] body) {
        return body.length >= MAGIC.length && Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }
}
