package io.skiff.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class LoopbackUriTest {

    private final LoopbackUri converter = new LoopbackUri();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:18443",
                "http://127.1.2.3:80/x",
                "http://localhost:2379",
                "http://[::1]:6443",
                "https://127.0.0.1:6443"
            })
    void acceptsLoopback(String url) {
        assertThat(converter.convert(url)).hasToString(url);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://10.96.0.1:443",
                "http://example.com",
                "http://127.0.0.1.example.com",
                "https://10.0.0.1:6443",
                "ftp://127.0.0.1",
                "127.0.0.1:6443"
            })
    void refusesAnythingElse(String url) {
        assertThatThrownBy(() -> converter.convert(url)).isInstanceOf(TypeConversionException.class);
    }
}
