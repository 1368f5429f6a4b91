package io.skiff.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.model.api.ApiException;
import io.skiff.model.json.KubeJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.LinkedMultiValueMap;

class DeleteOptionsReaderTest {

    /** Read leniently these used to mean something else: "abc" a grace period of 0, "maybe" false. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"gracePeriodSeconds\":\"abc\"}",
                "{\"gracePeriodSeconds\":1.5}",
                "{\"orphanDependents\":\"yes\"}",
                "{\"propagationPolicy\":5}",
                "{\"preconditions\":\"x\"}",
                "{\"preconditions\":{\"uid\":7}}",
                "{\"dryRun\":\"All\"}"
            })
    void fieldsOfTheWrongTypeAreBadRequests(String body) throws Exception {
        var json = KubeJson.mapper().readTree(body);

        assertThatThrownBy(() -> DeleteOptionsReader.read(json, new LinkedMultiValueMap<>(), false))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.status().getMessage()).startsWith("json: cannot unmarshal ");
                });
    }

    @Test
    void orphanDependentsInTheQueryIsParsedAsGoParsesBooleans() {
        var query = new LinkedMultiValueMap<String, String>();
        query.add("orphanDependents", "maybe");

        assertThatThrownBy(() -> DeleteOptionsReader.read(null, query, false))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.status().getMessage())
                                .isEqualTo(
                                        "orphanDependents: Invalid value: \"maybe\": strconv.ParseBool: parsing \"maybe\":"
                                                + " invalid syntax"));

        query.set("orphanDependents", "T");
        assertThat(DeleteOptionsReader.read(null, query, false).propagationPolicy())
                .isEqualTo("Orphan");
    }
}
