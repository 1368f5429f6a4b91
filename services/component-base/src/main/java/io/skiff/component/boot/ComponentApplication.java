package io.skiff.component.boot;

import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Builds a control-plane component's Spring application. Each component reads its own
 * configuration file ({@code <name>.yaml}, not application.yaml), because in {@code skiff server}
 * all components share one classpath and each must see only its own settings. Components talk only
 * to the API server, so the database auto-configuration that the API server's jars bring onto a
 * shared classpath is switched off.
 *
 * <p>For the same reason each component's build and git information (written by the build's
 * spring-boot build-info and git-commit-id plugins) lives under {@code META-INF/skiff/<name>/},
 * where {@code /actuator/info} reads it; see {@link #infoLocation}.
 */
public final class ComponentApplication {

    private static final String NO_DATABASE = String.join(
            ",",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration",
            "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");

    private ComponentApplication() {}

    /**
     * A reactive application from {@code source}, configured by {@code <configName>.yaml}, the
     * component's Maven artifactId as well.
     */
    public static SpringApplicationBuilder builder(Class<?> source, String configName) {
        return new SpringApplicationBuilder(source)
                .web(WebApplicationType.REACTIVE)
                .properties(Map.ofEntries(
                        Map.entry("spring.config.name", configName),
                        Map.entry("spring.info.build.location", infoLocation(configName, "build-info.properties")),
                        Map.entry("spring.info.git.location", infoLocation(configName, "git.properties")),
                        // Branch, abbreviated commit id and commit time; full shows every git.* key.
                        Map.entry("management.info.git.mode", "simple"),
                        Map.entry("spring.autoconfigure.exclude", NO_DATABASE),
                        // spring-cloud-commons (through spring-cloud-kubernetes-commons) would add a
                        // service-discovery health entry stuck at UNKNOWN; components find the API
                        // server through skiff.apiserver.urls, not service discovery.
                        Map.entry("spring.cloud.discovery.enabled", "false"),
                        Map.entry("spring.main.banner-mode", "off"),
                        // Ready once its informers have their first lists (InformersHealthIndicator);
                        // leader state shows in the details, a standby being as ready as a leader.
                        Map.entry("management.endpoint.health.group.readiness.include", "readinessState,informers"),
                        Map.entry("management.endpoint.health.group.readiness.show-details", "always")));
    }

    /**
     * Where the build put a module's {@code build-info.properties} or {@code git.properties}: a
     * path per module, since {@code skiff server} has every service's jar on one classpath.
     */
    public static String infoLocation(String module, String file) {
        return "classpath:META-INF/skiff/" + module + "/" + file;
    }
}
