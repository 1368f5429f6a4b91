package io.skiff.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExecFramesTest {

    @Test
    void aFrameIsTheChannelByteThenTheData() {
        byte[] data = "hello!".getBytes(StandardCharsets.UTF_8);

        assertThat(ExecFrames.encode(ExecFrames.STDERR, data, 5)).containsExactly(2, 'h', 'e', 'l', 'l', 'o');
        assertThat(ExecFrames.encode(ExecFrames.ERROR, new byte[0], 0)).containsExactly(3);
    }

    @Test
    void stdinMessagesCarryTheirData() {
        ExecFrames.Inbound frame = ExecFrames.decode(new byte[] {0, 'h', 'i'}, ExecFrames.V5);

        assertThat(frame).isInstanceOf(ExecFrames.Input.class);
        assertThat(((ExecFrames.Input) frame).data()).containsExactly('h', 'i');
        assertThat(((ExecFrames.Input) ExecFrames.decode(new byte[] {0}, ExecFrames.V4)).data())
                .isEmpty();
    }

    @Test
    void v5ClosesAStreamWithTwoFiftyFiveAndTheChannel() {
        assertThat(ExecFrames.decode(new byte[] {(byte) 255, 0}, ExecFrames.V5))
                .isEqualTo(new ExecFrames.Closed(ExecFrames.STDIN));
        assertThat(ExecFrames.decode(new byte[] {(byte) 255, 0, 1}, ExecFrames.V5))
                .isInstanceOf(ExecFrames.Ignored.class);
    }

    @Test
    void v4HasNoCloseSignal() {
        assertThat(ExecFrames.decode(new byte[] {(byte) 255, 0}, ExecFrames.V4)).isInstanceOf(ExecFrames.Ignored.class);
    }

    @Test
    void resizesAreRecognisedAndOtherChannelsDropped() {
        byte[] size = "{\"Width\":80,\"Height\":24}".getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[size.length + 1];
        message[0] = 4;
        System.arraycopy(size, 0, message, 1, size.length);

        assertThat(ExecFrames.decode(message, ExecFrames.V5)).isInstanceOf(ExecFrames.Resize.class);
        assertThat(ExecFrames.decode(new byte[] {1, 'x'}, ExecFrames.V5)).isInstanceOf(ExecFrames.Ignored.class);
        assertThat(ExecFrames.decode(new byte[0], ExecFrames.V5)).isInstanceOf(ExecFrames.Ignored.class);
    }
}
