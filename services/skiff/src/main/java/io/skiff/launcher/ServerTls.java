package io.skiff.launcher;

import io.skiff.apiserver.authorization.bootstrap.BootstrapPolicy;
import io.skiff.apiserver.pki.CertificateFiles;
import io.skiff.apiserver.pki.ClusterPki;
import io.skiff.apiserver.pki.PublicKeyPin;
import io.skiff.apiserver.pki.ServingNames;
import io.skiff.component.client.ApiClientProperties;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code skiff server}'s TLS: the cluster CA under DATA_DIR/tls (made on the first start, kept after),
 * the API server's serving certificate for the names clients reach it by, and a client certificate
 * per component and for the administrator, each reissued only when missing or near its end.
 */
final class ServerTls {

    /** Kubernetes' default cluster domain, which the kubernetes Service's names end in. */
    static final String CLUSTER_DOMAIN = "cluster.local";

    /** What anyone may ask without credentials, as Kubernetes' system:public-info-viewer role allows. */
    private static final List<String> PUBLIC_PATHS = List.of("/healthz", "/livez", "/readyz", "/version");

    private final ClusterPki pki;
    private final CertificateFiles serving;

    private ServerTls(ClusterPki pki, CertificateFiles serving) {
        this.pki = pki;
        this.serving = serving;
    }

    /**
     * The PKI in {@code dataDir}/tls, with a serving certificate for {@code bindAddress} (every
     * address of this host when it is the wildcard), the kubernetes Service at {@code
     * kubernetesServiceIp}, this host's name and {@code extraNames} (--tls-san).
     */
    static ServerTls open(
            Path dataDir, String bindAddress, String kubernetesServiceIp, String hostName, List<String> extraNames) {
        ClusterPki pki = ClusterPki.open(dataDir.resolve("tls"), Clock.systemUTC());
        ServingNames names = ServingNames.forApiServer(
                        CLUSTER_DOMAIN, kubernetesServiceIp, hostName, servingAddresses(bindAddress))
                .plus(extraNames);
        return new ServerTls(pki, pki.serving(names));
    }

    /**
     * The API server's settings, safe by default: serve TLS and ask (not require) for client
     * certificates from the CA; anonymous requests only for the health and version endpoints (401
     * elsewhere); authorization by the Node authorizer and RBAC; the ServiceAccount admission plugin,
     * so pods get their account's token and the cluster CA; kubelets reached over TLS with a client
     * certificate of its own. Its actuator port stays plain HTTP, as
     * every other component's health and metrics port.
     */
    Map<String, Object> apiServerProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.ssl.certificate", serving.certificate());
        properties.put("server.ssl.certificate-private-key", serving.privateKey());
        properties.put("server.ssl.trust-certificate", pki.caCertificate());
        properties.put("server.ssl.client-auth", "want");
        properties.put("management.server.ssl.enabled", "false");
        properties.put("skiff.apiserver.authentication.anonymous.paths", String.join(",", PUBLIC_PATHS));
        properties.put("skiff.apiserver.authorization.modes", "Node,RBAC");
        properties.put("skiff.apiserver.admission.enable-plugins", "ServiceAccount");
        CertificateFiles kubeletClient =
                pki.client("apiserver-kubelet-client", BootstrapPolicy.KUBELET_API_CLIENT, List.of());
        properties.put("skiff.apiserver.kubelet.client-certificate", kubeletClient.certificate());
        properties.put("skiff.apiserver.kubelet.client-key", kubeletClient.privateKey());
        return properties;
    }

    /**
     * A kubelet's API over HTTPS, answering exec and container logs only to client certificates from
     * the cluster CA that may use nodes/proxy (the API server's kubelet client above).
     */
    List<String> kubeletArgs() {
        return List.of("--skiff.kubelet.tls.client-ca-file=" + pki.caCertificate());
    }

    /** The controller manager signs approved certificate requests (nodes joining) with the cluster CA. */
    List<String> controllerManagerArgs() {
        return List.of(
                "--skiff.controllers.cluster-signing.cert-file=" + pki.caCertificate(),
                "--skiff.controllers.cluster-signing.key-file="
                        + pki.caCertificate().resolveSibling("ca.key"));
    }

    /** A component's client settings: trust the cluster CA, present its own certificate. */
    List<String> componentArgs(String component, ComponentIdentity identity) {
        CertificateFiles client = pki.client(component, identity.user(), identity.groups());
        return List.of(
                "--skiff.apiserver.tls.certificate-authority=" + pki.caCertificate(),
                "--skiff.apiserver.tls.client-certificate=" + client.certificate(),
                "--skiff.apiserver.tls.client-key=" + client.privateKey());
    }

    /** The administrator's client settings, for what the launcher itself does on the API server. */
    ApiClientProperties adminClient(String serverUrl) {
        CertificateFiles admin = admin();
        return ApiClientProperties.defaults()
                .withUrls(serverUrl)
                .withTls(new ApiClientProperties.TlsSettings(
                        pki.caCertificate(), admin.certificate(), admin.privateKey()));
    }

    /** What the kubeconfig carries: the CA, and the administrator's certificate and key. */
    Kubeconfig.Credentials kubeconfigCredentials() {
        return new Kubeconfig.Credentials(pki.caCertificate(), admin());
    }

    PublicKeyPin authorityPin() {
        return pki.authorityPin();
    }

    private CertificateFiles admin() {
        return pki.client("admin", ComponentIdentity.ADMIN.user(), ComponentIdentity.ADMIN.groups());
    }

    /**
     * The addresses clients may reach the API server at: the bind address, or, when it is the
     * wildcard, every address of this host but link-local ones (the loopback ones are always named).
     */
    static Collection<String> servingAddresses(String bindAddress) {
        if (!bindAddress.equals("0.0.0.0") && !bindAddress.equals("::")) {
            return List.of(bindAddress);
        }
        List<String> addresses = new ArrayList<>();
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!network.isUp() || network.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (!address.isLinkLocalAddress()
                            && !(address instanceof Inet6Address && bindAddress.equals("0.0.0.0"))) {
                        addresses.add(address.getHostAddress().replaceAll("%.*$", ""));
                    }
                }
            }
        } catch (SocketException e) {
            // The host's own name and loopback are still in the certificate; --tls-san adds more.
        }
        return addresses;
    }
}
