package io.skiff.kubelet.server;

import java.util.Arrays;
import java.util.List;

/**
 * The framing of Kubernetes' remote command protocols over WebSocket (k8s.io/apimachinery's
 * remotecommand constants, the kubelet's wsstream): every binary message starts with the byte of
 * its channel, the rest is that stream's data. Channels: 0 stdin, 1 stdout, 2 stderr, 3 error (one
 * JSON metav1.Status at the end), 4 resize (the terminal's size as JSON). v5.channel.k8s.io adds one
 * message, [255, channel]: the sender closed that stream (stdin's end of input).
 */
final class ExecFrames {

    static final String V5 = "v5.channel.k8s.io";
    static final String V4 = "v4.channel.k8s.io";

    /** What this kubelet speaks, most preferred first. */
    static final List<String> PROTOCOLS = List.of(V5, V4);

    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int ERROR = 3;
    static final int RESIZE = 4;

    /** v5's close signal, followed by the channel closed. */
    static final int CLOSE = 255;

    private ExecFrames() {}

    /** One message: the channel's byte, then {@code length} bytes of {@code data}. */
    static byte[] encode(int channel, byte[] data, int length) {
        byte[] message = new byte[length + 1];
        message[0] = (byte) channel;
        System.arraycopy(data, 0, message, 1, length);
        return message;
    }

    /** What a client's message means under {@code protocol}. */
    static Inbound decode(byte[] message, String protocol) {
        if (message.length == 0) {
            return new Ignored("an empty message");
        }
        int channel = message[0] & 0xff;
        if (channel == CLOSE && V5.equals(protocol)) {
            return message.length == 2
                    ? new Closed(message[1] & 0xff)
                    : new Ignored("a close signal of " + (message.length - 1) + " bytes");
        }
        byte[] data = Arrays.copyOfRange(message, 1, message.length);
        return switch (channel) {
            case STDIN -> new Input(data);
            case RESIZE -> new Resize(data);
            default -> new Ignored("a message for channel " + channel);
        };
    }

    /** A message from the client. */
    sealed interface Inbound permits Input, Closed, Resize, Ignored {}

    /** Data for the command's stdin. */
    record Input(byte[] data) implements Inbound {}

    /** The client closed a stream (v5): for stdin, end of input. */
    record Closed(int channel) implements Inbound {}

    /** A terminal size, {"Width":80,"Height":24}. */
    record Resize(byte[] json) implements Inbound {}

    /** Anything else, which the kubelet's wsstream also drops. */
    record Ignored(String what) implements Inbound {}
}
