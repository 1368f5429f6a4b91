package io.skiff.apiserver.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * ServiceAccount tokens, as kube-apiserver's --service-account-* flags.
 *
 * @param signingKeyFile PEM private key (RSA or ECDSA P-256) tokens are signed with; when unset, a
 *     key is generated once under {@code skiff.datastore.data-dir}/tls/service-account.key if that
 *     is set, else kept in memory (tokens then do not survive a restart, and several API servers
 *     on one database do not accept each other's tokens)
 * @param keyFiles PEM files of further public keys (or certificates, or private keys) whose
 *     signatures are accepted: the old keys during a rotation
 * @param issuer the iss of issued tokens and the only issuer accepted
 * @param maxTokenExpiration the longest validity a TokenRequest gets; longer requests are
 *     shortened with a warning (unset: no limit, kube-apiserver's default); between 1h and 2^32 s
 * @param extendTokenExpiration whether kubelet's pod-bound 3607-second tokens are valid for a year,
 *     with a warnafter claim at the requested expiry (kube-apiserver's default: true)
 */
@ConfigurationProperties("skiff.apiserver.service-account")
public record ServiceAccountProperties(
        Path signingKeyFile,
        @DefaultValue List<Path> keyFiles,

        @DefaultValue("https://kubernetes.default.svc.cluster.local")
        String issuer,

        Duration maxTokenExpiration,
        @DefaultValue("true") boolean extendTokenExpiration) {}
