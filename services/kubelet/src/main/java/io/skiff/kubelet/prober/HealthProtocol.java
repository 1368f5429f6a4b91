package io.skiff.kubelet.prober;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The wire form of gRPC's health check (grpc.health.v1.Health/Check), written out by hand: the two
 * messages have one field each, which spares the prober protobuf and a gRPC runtime.
 *
 * <pre>
 * message HealthCheckRequest { string service = 1; }
 * message HealthCheckResponse { ServingStatus status = 1; }  // UNKNOWN, SERVING, NOT_SERVING, SERVICE_UNKNOWN
 * </pre>
 *
 * Each message travels in a gRPC frame: a compressed flag byte, a 4-byte big-endian length, the
 * message.
 */
final class HealthProtocol {

    static final String PATH = "/grpc.health.v1.Health/Check";
    static final int SERVING = 1;

    private static final String[] STATUS_NAMES = {"UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"};

    /** gRPC status codes by number, named as grpc-go prints them. */
    private static final String[] CODE_NAMES = {
        "OK",
        "Canceled",
        "Unknown",
        "InvalidArgument",
        "DeadlineExceeded",
        "NotFound",
        "AlreadyExists",
        "PermissionDenied",
        "ResourceExhausted",
        "FailedPrecondition",
        "Aborted",
        "OutOfRange",
        "Unimplemented",
        "Internal",
        "Unavailable",
        "DataLoss",
        "Unauthenticated"
    };

    static final int DEADLINE_EXCEEDED = 4;
    static final int UNIMPLEMENTED = 12;
    static final int INTERNAL = 13;
    static final int UNAVAILABLE = 14;
    static final int UNKNOWN = 2;

    private HealthProtocol() {}

    /** A framed HealthCheckRequest. */
    static byte[] request(String service) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        if (service != null && !service.isEmpty()) {
            byte[] name = service.getBytes(StandardCharsets.UTF_8);
            message.write(0x0A); // field 1, length-delimited
            writeVarint(message, name.length);
            message.writeBytes(name);
        }
        return frame(message.toByteArray());
    }

    /** A framed HealthCheckResponse (for test servers). */
    static byte[] response(int status) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        if (status != 0) {
            message.write(0x08); // field 1, varint
            writeVarint(message, status);
        }
        return frame(message.toByteArray());
    }

    /** The serving status in the first framed message of {@code body}; empty when the body holds no message. */
    static Optional<Integer> status(byte[] body) throws MalformedMessage {
        ByteBuffer in = ByteBuffer.wrap(body);
        if (in.remaining() < 5) {
            if (in.remaining() == 0) {
                return Optional.empty();
            }
            throw new MalformedMessage("grpc: received a truncated message frame");
        }
        int compressed = in.get();
        int length = in.getInt();
        if (compressed != 0) {
            throw new MalformedMessage("grpc: compressed flag set with identity or empty encoding");
        }
        if (length < 0 || length > in.remaining()) {
            throw new MalformedMessage("grpc: received a truncated message frame");
        }
        ByteBuffer message = in.slice(in.position(), length);
        int status = 0;
        while (message.hasRemaining()) {
            long tag = readVarint(message);
            int field = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            if (field == 1 && wireType == 0) {
                status = (int) readVarint(message);
            } else {
                skip(message, wireType);
            }
        }
        return Optional.of(status);
    }

    /** The enum value's name as Go's generated String() gives it ({@code "NOT_SERVING"}, or the number). */
    static String statusName(int status) {
        return status >= 0 && status < STATUS_NAMES.length ? STATUS_NAMES[status] : Integer.toString(status);
    }

    /** The code as grpc-go prints it ({@code NotFound}), or {@code Code(17)} for one it does not know. */
    static String codeName(int code) {
        return code >= 0 && code < CODE_NAMES.length ? CODE_NAMES[code] : "Code(" + code + ")";
    }

    /** The code grpc-go gives a response with a non-200 HTTP status and no grpc-status. */
    static int codeForHttpStatus(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> INTERNAL;
            case 401 -> 16;
            case 403 -> 7;
            case 404 -> UNIMPLEMENTED;
            case 429, 502, 503, 504 -> UNAVAILABLE;
            default -> UNKNOWN;
        };
    }

    /** grpc-message is percent-encoded UTF-8. */
    static String decodeMessage(String message) {
        if (message == null) {
            return "";
        }
        try {
            return URLDecoder.decode(message.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return message;
        }
    }

    static byte[] frame(byte[] message) {
        return ByteBuffer.allocate(5 + message.length)
                .put((byte) 0)
                .putInt(message.length)
                .put(message)
                .array();
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static long readVarint(ByteBuffer in) throws MalformedMessage {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!in.hasRemaining()) {
                throw new MalformedMessage("grpc: failed to unmarshal the received message: unexpected EOF");
            }
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedMessage("grpc: failed to unmarshal the received message: proto: integer overflow");
    }

    private static void skip(ByteBuffer in, int wireType) throws MalformedMessage {
        int bytes = switch (wireType) {
            case 0 -> {
                readVarint(in);
                yield 0;
            }
            case 1 -> 8;
            case 2 -> (int) readVarint(in);
            case 5 -> 4;
            default ->
                throw new MalformedMessage(
                        "grpc: failed to unmarshal the received message: proto: cannot parse invalid wire-format data");
        };
        if (bytes < 0 || bytes > in.remaining()) {
            throw new MalformedMessage("grpc: failed to unmarshal the received message: unexpected EOF");
        }
        in.position(in.position() + bytes);
    }

    /** A response the client cannot read; gRPC reports it with code Internal. */
    static final class MalformedMessage extends Exception {
        MalformedMessage(String message) {
            super(message, null, false, false);
        }
    }
}
