package io.skiff.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdmissionWarningsFilterTest {

    @Test
    void aWarningIsA299HeaderWithItsQuotesAndBackslashesEscaped() {
        assertThat(AdmissionWarningsFilter.header(
                        "would violate PodSecurity \"baseline:latest\": hostPath volumes (volume \"host\")"))
                .isEqualTo("299 - \"would violate PodSecurity \\\"baseline:latest\\\": hostPath volumes (volume"
                        + " \\\"host\\\")\"");
        assertThat(AdmissionWarningsFilter.header("a\\b")).isEqualTo("299 - \"a\\\\b\"");
    }
}
