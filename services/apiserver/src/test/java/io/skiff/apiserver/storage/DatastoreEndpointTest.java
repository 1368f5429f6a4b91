package io.skiff.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DatastoreEndpointTest {

    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of(
                        "k3s-style URL with credentials",
                        "postgres://skiff:s3cret@db.example:5433/registry",
                        new DatastoreEndpoint("jdbc:postgresql://db.example:5433/registry", "skiff", "s3cret")),
                Arguments.of(
                        "default port and database",
                        "postgresql://u@localhost",
                        new DatastoreEndpoint("jdbc:postgresql://localhost:5432/postgres", "u", null)),
                Arguments.of(
                        "query parameters kept",
                        "postgres://u:p@h/db?sslmode=require",
                        new DatastoreEndpoint("jdbc:postgresql://h:5432/db?sslmode=require", "u", "p")),
                Arguments.of(
                        "escaped password",
                        "postgres://u:p%40ss@h/db",
                        new DatastoreEndpoint("jdbc:postgresql://h:5432/db", "u", "p@ss")),
                Arguments.of(
                        "JDBC URL as given",
                        "jdbc:postgresql://h:1/db",
                        new DatastoreEndpoint("jdbc:postgresql://h:1/db", null, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void parsesDatastoreEndpoints(String name, String url, DatastoreEndpoint expected) {
        assertThat(DatastoreEndpoint.parse(url, null, null)).isEqualTo(expected);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"mysql://h/db", "etcd://127.0.0.1:2379", "h:5432"})
    void rejectsOtherSchemes(String url) {
        assertThatThrownBy(() -> DatastoreEndpoint.parse(url, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("postgres://");
    }
}
