package io.skiff.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * Writes one proto3 message field by field, in the order they are added. Scalars equal to their
 * proto3 default are left out, as generated code leaves them out; message fields are written
 * whenever added, since their presence can matter (an empty {@code properties} is not an absent
 * one).
 */
final class ProtoWriter {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    ProtoWriter string(int field, String value) {
        if (value != null && !value.isEmpty()) {
            write(() -> out.writeString(field, value));
        }
        return this;
    }

    /** A JSON string as a string field; anything else there is left out. */
    ProtoWriter string(int field, JsonNode value) {
        return value != null && value.isTextual() ? string(field, value.asText()) : this;
    }

    /** A repeated string field from a JSON array (or a single JSON string). */
    ProtoWriter strings(int field, JsonNode values) {
        if (values != null && values.isArray()) {
            values.forEach(value -> write(() -> out.writeString(field, value.asText())));
        } else if (values != null && values.isTextual()) {
            write(() -> out.writeString(field, values.asText()));
        }
        return this;
    }

    ProtoWriter bool(int field, JsonNode value) {
        if (value != null && value.asBoolean(false)) {
            write(() -> out.writeBool(field, true));
        }
        return this;
    }

    /** A boolean member of a oneof, which is written even when false: being set is what it says. */
    ProtoWriter oneofBool(int field, boolean value) {
        write(() -> out.writeBool(field, value));
        return this;
    }

    ProtoWriter float64(int field, JsonNode value) {
        if (value != null && value.isNumber() && value.asDouble() != 0) {
            write(() -> out.writeDouble(field, value.asDouble()));
        }
        return this;
    }

    ProtoWriter int64(int field, JsonNode value) {
        if (value != null && value.isNumber() && value.asLong() != 0) {
            write(() -> out.writeInt64(field, value.asLong()));
        }
        return this;
    }

    ProtoWriter message(int field, ProtoWriter message) {
        byte[] encoded = message.toByteArray();
        write(() -> out.writeByteArray(field, encoded));
        return this;
    }

    /** The message {@code encode} makes of {@code node}'s {@code key}, when {@code node} has that key. */
    ProtoWriter optional(JsonNode node, String key, int field, Function<JsonNode, ProtoWriter> encode) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? this : message(field, encode.apply(value));
    }

    byte[] toByteArray() {
        write(out::flush);
        return bytes.toByteArray();
    }

    private static void write(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
