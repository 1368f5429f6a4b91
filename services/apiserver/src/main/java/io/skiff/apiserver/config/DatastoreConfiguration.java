package io.skiff.apiserver.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.skiff.apiserver.storage.DatastoreEndpoint;
import io.skiff.apiserver.storage.EmbeddedPostgresServer;
import io.skiff.apiserver.storage.RegistrySchema;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The registry's PostgreSQL: embedded by default, external when a URL is configured; migrated by Flyway. */
@Configuration(proxyBeanMethods = false)
public class DatastoreConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresHolder embeddedPostgres(DatastoreProperties properties) {
        return new EmbeddedPostgresHolder(
                properties.embedded()
                        ? Optional.of(EmbeddedPostgresServer.start(properties.dataDir()))
                        : Optional.empty());
    }

    @Bean
    DatastoreEndpoint datastoreEndpoint(DatastoreProperties properties, EmbeddedPostgresHolder embedded) {
        return embedded.server()
                .map(pg -> new DatastoreEndpoint(pg.jdbcUrl(), pg.username(), null))
                .orElseGet(
                        () -> DatastoreEndpoint.parse(properties.url(), properties.username(), properties.password()));
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatastoreEndpoint endpoint, DatastoreProperties properties) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(endpoint.jdbcUrl());
        config.setUsername(endpoint.username());
        config.setPassword(endpoint.password());
        config.setMaximumPoolSize(properties.poolSize());
        config.setMinimumIdle(Math.min(properties.minIdle(), properties.poolSize()));
        config.setConnectionTimeout(properties.connectionTimeout().toMillis());
        config.setPoolName("skiff-registry");
        config.addDataSourceProperty("ApplicationName", "skiff-apiserver");
        HikariDataSource dataSource = new HikariDataSource(config);
        RegistrySchema.migrate(dataSource);
        return dataSource;
    }

    /** The embedded server, if one runs, closed after the data source on shutdown. */
    public record EmbeddedPostgresHolder(Optional<EmbeddedPostgresServer> server) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (server.isPresent()) {
                server.get().close();
            }
        }
    }
}
