package io.skiff.bench.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WatchEventLineTest {

    @Test
    void readsTypeNameAndResourceVersion() throws Exception {
        WatchEventLine event = parse("{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                + "\"metadata\":{\"name\":\"w-1\",\"namespace\":\"ns\",\"labels\":{\"name\":\"not-this\"},"
                + "\"resourceVersion\":\"42\"},\"data\":{\"payload\":\"xyz\"}}}");

        assertThat(event).isEqualTo(new WatchEventLine("ADDED", "w-1", "42"));
    }

    @Test
    void ignoresNamesOutsideTheObjectMetadata() throws Exception {
        WatchEventLine event = parse("{\"object\":{\"data\":{\"name\":\"decoy\",\"resourceVersion\":\"1\"},"
                + "\"metadata\":{\"resourceVersion\":\"7\",\"name\":\"real\"}},\"type\":\"MODIFIED\"}");

        assertThat(event).isEqualTo(new WatchEventLine("MODIFIED", "real", "7"));
    }

    @Test
    void errorEventHasNoObjectIdentity() throws Exception {
        WatchEventLine event = parse(
                "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"metadata\":{},\"code\":410,\"reason\":\"Expired\"}}");

        assertThat(event).isEqualTo(new WatchEventLine("ERROR", null, null));
    }

    @Test
    void lineWithoutTypeIsNotAnEvent() throws Exception {
        assertThat(parse("{\"kind\":\"Status\"}")).isNull();
        assertThat(parse("[]")).isNull();
    }

    private static WatchEventLine parse(String line) throws Exception {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return WatchEventLine.parse(bytes, bytes.length);
    }
}
