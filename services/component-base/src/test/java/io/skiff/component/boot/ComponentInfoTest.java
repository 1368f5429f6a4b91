package io.skiff.component.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * /actuator/info of a component built by {@link ComponentApplication}: build and git sections from
 * the module's files under META-INF/skiff/<name>/ (here test resources standing in for what the
 * build-info and git-commit-id plugins write), and none when the build wrote none.
 */
class ComponentInfoTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Probe {}

    @Test
    void infoShowsTheModulesBuildVersionAndAbbreviatedCommit() throws Exception {
        JsonNode info = info("info-probe");

        assertThat(info.at("/build/version").asText()).isEqualTo("9.8.7-TEST");
        assertThat(info.at("/build/artifact").asText()).isEqualTo("info-probe");
        assertThat(info.at("/git/commit/id").asText()).isEqualTo("0123456");
        assertThat(info.at("/git/commit/time").asText()).isEqualTo("2026-12-07T05:56:38Z");
        assertThat(info.at("/git/branch").asText()).isEqualTo("main");
    }

    @Test
    void aBuildWithoutGitOrBuildInfoStillServesInfo() throws Exception {
        JsonNode info = info("no-info-written");

        assertThat(info.has("build")).isFalse();
        assertThat(info.has("git")).isFalse();
    }

    private static JsonNode info(String module) throws Exception {
        try (ConfigurableApplicationContext context = ComponentApplication.builder(Probe.class, module)
                .run(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--management.endpoints.web.exposure.include=info",
                        "--skiff.leader-election.enabled=false")) {
            String port = context.getEnvironment().getProperty("local.server.port");
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/info"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return new ObjectMapper().readTree(response.body());
        }
    }
}
