package io.skiff.controllermanager.certificates.signing;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cluster CA the csrsigning controller signs with ({@code skiff.controllers.cluster-signing.*}),
 * as kube-controller-manager's --cluster-signing-* flags.
 *
 * @param certFile PEM certificate of the cluster CA (--cluster-signing-cert-file); unset switches
 *     signing off
 * @param keyFile PEM private key of the cluster CA (--cluster-signing-key-file)
 * @param duration the longest validity issued; a request's spec.expirationSeconds may ask for less
 *     (--cluster-signing-duration, default 8760h)
 */
@ConfigurationProperties("skiff.controllers.cluster-signing")
public record ClusterSigningProperties(
        Path certFile, Path keyFile, @DefaultValue("8760h") Duration duration) {}
