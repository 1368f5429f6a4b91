package io.skiff.component.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ApiRequestTest {

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("a label selector keeps its meaning", "app=web,tier!=db", "app%3Dweb%2Ctier%21%3Ddb"),
                Arguments.of("set-based selectors", "env in (a, b)", "env%20in%20%28a%2C%20b%29"),
                Arguments.of("a continue token's plus and slash survive", "ab+c/d==", "ab%2Bc%2Fd%3D%3D"),
                Arguments.of("a plain revision", "12345", "12345"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void queryValuesAreEscapedLikeGo(String description, String value, String encoded) {
        assertThat(new ApiRequest.Query().add("v", value).encoded()).isEqualTo("v=" + encoded);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void nullValuesAreLeftOut(String description, String value, String encoded) {
        assertThat(new ApiRequest.Query()
                        .add("a", (String) null)
                        .add("v", value)
                        .add("b", (Integer) null)
                        .add("limit", 2)
                        .encoded())
                .isEqualTo("v=" + encoded + "&limit=2");
    }
}
