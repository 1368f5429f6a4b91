package io.skiff.launcher;

import io.skiff.component.client.ApiClientProperties;
import io.skiff.kubelet.config.HostIdentity;
import io.skiff.launcher.bootstrap.ClientCertificateFiles;
import io.skiff.launcher.bootstrap.NodeClientCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code skiff node-certificate}: a kubelet's TLS bootstrap on its own, for kubelets that do not run
 * under {@code skiff agent} (the Helm chart's kubelet DaemonSet runs it as an init container).
 */
@Command(
        name = "node-certificate",
        mixinStandardHelpOptions = true,
        description = {
            "Obtains this node's kubelet client certificate, for system:node:NAME in",
            "system:nodes, as the kubelet's TLS bootstrap does: with a bootstrap token it",
            "sends a CertificateSigningRequest to signer",
            "kubernetes.io/kube-apiserver-client-kubelet, waits for the controller manager",
            "to approve and sign it, and writes DIR/client-kubelet.crt and",
            "DIR/client-kubelet.key (0600). A certificate already in DIR is kept while it is",
            "valid and not in the last 20 % of its lifetime.",
            "",
            "The token's user must be allowed to create certificate signing requests and",
            "be approved automatically: Skiff's default policy grants both to the group",
            "system:bootstrappers:skiff:agents (docs/agent.md). skiff agent does this",
            "itself; this command is for a kubelet started on its own (the Helm chart's",
            "kubelet DaemonSet runs it as an init container).",
            ""
        },
        footer = {
            "",
            "Example:",
            "  skiff node-certificate --server https://skiff-apiserver.skiff.svc:6443 \\",
            "    --certificate-authority /etc/skiff/pki/ca.crt \\",
            "    --token-file /etc/skiff/bootstrap/token --node-name worker-1 \\",
            "    --dir /var/lib/skiff/kubelet/pki"
        })
final class NodeCertificateCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--server",
            required = true,
            paramLabel = "URL",
            description = "The API server, e.g. https://10.0.0.1:6443.")
    private String server;

    @Option(
            names = "--certificate-authority",
            paramLabel = "FILE",
            description = "PEM file of the CA the API server's certificate is checked against (needed for https).")
    private Path certificateAuthority;

    @Option(
            names = "--token-file",
            required = true,
            paramLabel = "FILE",
            description = "File holding the bootstrap token sent as the bearer token.")
    private Path tokenFile;

    @Option(
            names = "--node-name",
            paramLabel = "NAME",
            description = "The node the certificate is for, as the kubelet registers it (default: this host's name).")
    private String nodeName;

    @Option(
            names = "--dir",
            required = true,
            paramLabel = "DIR",
            description = "Where the certificate and key are kept (created if missing).")
    private Path dir;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "PT2M",
            description = "How long to wait for the request to be signed, ISO-8601 (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() throws IOException {
        if (server.startsWith("https:") && certificateAuthority == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--certificate-authority is needed to trust an https server");
        }
        if (!Files.isReadable(tokenFile)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--token-file: cannot read " + tokenFile);
        }
        String token = Files.readString(tokenFile).strip();
        if (token.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--token-file: " + tokenFile + " is empty");
        }
        ApiClientProperties bootstrap = ApiClientProperties.defaults()
                .withUrls(server)
                .withBearerToken(token)
                .withTls(new ApiClientProperties.TlsSettings(certificateAuthority, null, null));
        String node = nodeName != null ? nodeName : HostIdentity.hostname();
        Files.createDirectories(dir);
        ClientCertificateFiles files = NodeClientCertificate.obtain(bootstrap, node, dir, timeout);
        System.out.printf("Node %s's client certificate: %s (key %s)%n", node, files.certificate(), files.key());
        return 0;
    }
}
