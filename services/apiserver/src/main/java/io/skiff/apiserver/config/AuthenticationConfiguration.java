package io.skiff.apiserver.config;

import io.skiff.apiserver.authentication.AnonymousAccess;
import io.skiff.apiserver.authentication.ObjectLookup;
import io.skiff.apiserver.authentication.RequestAuthentication;
import io.skiff.apiserver.authentication.TokenAuthenticator;
import io.skiff.apiserver.authentication.TokenAuthenticators;
import io.skiff.apiserver.authentication.TokenReviews;
import io.skiff.apiserver.authentication.WatchCacheLookup;
import io.skiff.apiserver.authentication.X509Authenticator;
import io.skiff.apiserver.authentication.bootstrap.BootstrapTokenAuthenticator;
import io.skiff.apiserver.authentication.serviceaccount.ServiceAccountKeys;
import io.skiff.apiserver.authentication.serviceaccount.ServiceAccountTokenAuthenticator;
import io.skiff.apiserver.authentication.serviceaccount.ServiceAccountTokenSigner;
import io.skiff.apiserver.authentication.serviceaccount.TokenRequests;
import io.skiff.apiserver.authentication.tokenfile.StaticTokenFile;
import io.skiff.apiserver.storage.RegistryReader;
import io.skiff.apiserver.watch.ObjectReads;
import io.skiff.apiserver.watch.WatchCache;
import io.skiff.model.catalog.ResourceCatalog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import reactor.core.scheduler.Scheduler;

/**
 * Authentication: the authenticators in kube-apiserver's order (x509 client certificates; then
 * bearer tokens from the static token file, ServiceAccount tokens, bootstrap tokens; then
 * anonymous), the ServiceAccount token keys, TokenRequest and TokenReview.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AuthenticationProperties.class, ServiceAccountProperties.class})
public class AuthenticationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuthenticationConfiguration.class);

    /** kube-apiserver's bounds on --service-account-max-token-expiration. */
    private static final Duration MIN_MAX_EXPIRATION = Duration.ofHours(1);

    private static final Duration MAX_MAX_EXPIRATION = Duration.ofSeconds(1L << 32);

    @Bean
    ObjectLookup authenticationObjectLookup(WatchCache cache, RegistryReader reader) {
        return new WatchCacheLookup(new ObjectReads(cache, reader));
    }

    /**
     * The signing and verification keys. Only an explicitly set data dir keeps a generated key:
     * the default one (~/.skiff) is no place for a test's or a one-off server's key.
     */
    @Bean
    ServiceAccountKeys serviceAccountKeys(
            ServiceAccountProperties properties, DatastoreProperties datastore, Environment environment) {
        Path dataDir = environment.containsProperty("skiff.datastore.data-dir") ? datastore.dataDir() : null;
        return ServiceAccountKeys.load(properties.signingKeyFile(), properties.keyFiles(), dataDir);
    }

    @Bean
    ServiceAccountTokenAuthenticator.Types serviceAccountTokenTypes(ResourceCatalog catalog) {
        return new ServiceAccountTokenAuthenticator.Types(
                catalog.byPlural("", "v1", "serviceaccounts").orElseThrow(),
                catalog.byPlural("", "v1", "pods").orElseThrow(),
                catalog.byPlural("", "v1", "secrets").orElseThrow(),
                catalog.byPlural("", "v1", "nodes").orElseThrow());
    }

    @Bean
    TokenAuthenticators tokenAuthenticators(
            AuthenticationProperties authentication,
            ServiceAccountProperties serviceAccounts,
            ServiceAccountKeys keys,
            ServiceAccountTokenAuthenticator.Types types,
            ObjectLookup objects) {
        List<String> apiAudiences = apiAudiences(authentication, serviceAccounts);
        List<TokenAuthenticator> authenticators = new ArrayList<>();
        if (authentication.tokenAuthFile() != null) {
            StaticTokenFile file = StaticTokenFile.read(authentication.tokenAuthFile());
            log.info("Static token file {}: {} tokens", authentication.tokenAuthFile(), file.size());
            authenticators.add(TokenAuthenticators.audienceAgnostic(apiAudiences, file));
        }
        authenticators.add(new ServiceAccountTokenAuthenticator(
                serviceAccounts.issuer(), keys, apiAudiences, objects, types, Clock.systemUTC()));
        if (authentication.enableBootstrapTokenAuth()) {
            authenticators.add(TokenAuthenticators.audienceAgnostic(
                    apiAudiences, new BootstrapTokenAuthenticator(objects, types.secrets(), Clock.systemUTC())));
        }
        return new TokenAuthenticators(authenticators, apiAudiences);
    }

    @Bean
    RequestAuthentication requestAuthentication(
            TokenAuthenticators tokens, AuthenticationProperties properties, Scheduler storageScheduler) {
        AnonymousAccess anonymous = new AnonymousAccess(
                properties.anonymous().enabled(), properties.anonymous().paths());
        return new RequestAuthentication(new X509Authenticator(), tokens, anonymous, storageScheduler);
    }

    @Bean
    TokenReviews tokenReviews(TokenAuthenticators tokens, Scheduler storageScheduler) {
        return new TokenReviews(tokens, storageScheduler);
    }

    @Bean
    TokenRequests tokenRequests(
            ObjectLookup objects,
            ServiceAccountTokenAuthenticator.Types types,
            ServiceAccountKeys keys,
            AuthenticationProperties authentication,
            ServiceAccountProperties serviceAccounts,
            Scheduler storageScheduler) {
        Duration max = serviceAccounts.maxTokenExpiration();
        if (max != null && (max.compareTo(MIN_MAX_EXPIRATION) < 0 || max.compareTo(MAX_MAX_EXPIRATION) > 0)) {
            throw new IllegalStateException(
                    "skiff.apiserver.service-account.max-token-expiration must be between 1 hour and 2^32 seconds, not "
                            + max);
        }
        return new TokenRequests(
                objects,
                types,
                new ServiceAccountTokenSigner(keys),
                new TokenRequests.Settings(
                        serviceAccounts.issuer(),
                        apiAudiences(authentication, serviceAccounts),
                        max,
                        serviceAccounts.extendTokenExpiration()),
                Clock.systemUTC(),
                storageScheduler);
    }

    /** --api-audiences, defaulting to the issuer as kube-apiserver does. */
    private static List<String> apiAudiences(
            AuthenticationProperties authentication, ServiceAccountProperties serviceAccounts) {
        return authentication.apiAudiences().isEmpty()
                ? List.of(serviceAccounts.issuer())
                : authentication.apiAudiences();
    }
}
