package io.skiff.launcher;

import io.skiff.apiserver.ApiServerApplication;
import io.skiff.apiserver.allocation.NodePortRange;
import io.skiff.apiserver.allocation.ServiceIpRange;
import io.skiff.component.client.ApiClientProperties;
import io.skiff.launcher.join.ServerJoinToken;
import io.skiff.launcher.sharing.ClassArchive;
import io.skiff.model.net.Ipv4Cidr;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skiff server}: the whole control plane on this machine. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a Skiff cluster on this machine: the API server on an embedded PostgreSQL kept under the data",
            "directory (or on an external PostgreSQL), the scheduler, the controller manager and a kubelet that",
            "makes this machine a node, and the cluster DNS (also answering on 127.0.0.1, --dns-port), each its own",
            "Spring Boot application talking to the others only through the API server, and writes a kubeconfig",
            "for kubectl.",
            "With a real node (runc or process runtime) the proxy programs its service addresses, as kube-proxy",
            "does.",
            "",
            "The ingress controller routes HTTP(S) on ports 80 and 443 by the cluster's Ingresses",
            "(--ingress-http-port, --ingress-https-port; --disable ingress-controller to leave them free)."
        })
final class ServerCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Where Skiff keeps its data and writes kubeconfig.yaml (default: $SKIFF_DATA_DIR or ~/.skiff).")
    private Path dataDir;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "6443",
            description = "API server port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(
            names = "--bind-address",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "Address the API server listens on (default: ${DEFAULT-VALUE}).")
    private String bindAddress;

    @Option(
            names = "--plain-http",
            description = "Serve the API over plain HTTP, without TLS, client certificates or authorization, for"
                    + " experiments on this machine; only with a loopback --bind-address. By default the API"
                    + " server speaks HTTPS with the cluster CA under DATA_DIR/tls.")
    private boolean plainHttp;

    @Option(
            names = "--tls-san",
            paramLabel = "NAME",
            split = ",",
            description = "Another host name or IP address the API server's certificate names, as k3s's --tls-san"
                    + " (a load balancer's, a DNS name); repeatable.")
    private List<String> tlsSans = new ArrayList<>();

    @Option(
            names = "--management-port",
            paramLabel = "PORT",
            defaultValue = "6444",
            description = "Actuator port for health and Prometheus metrics (default: ${DEFAULT-VALUE}).")
    private int managementPort;

    @Option(
            names = "--datastore-endpoint",
            paramLabel = "URL",
            description =
                    "External PostgreSQL, e.g. postgres://user:pass@host:5432/skiff (default: embedded PostgreSQL).")
    private String datastoreEndpoint;

    @Option(
            names = "--scheduler-port",
            paramLabel = "PORT",
            defaultValue = "10259",
            description = "Scheduler health and Prometheus metrics port, as kube-scheduler's; 0 picks a free one"
                    + " (default: ${DEFAULT-VALUE}).")
    private int schedulerPort;

    @Option(
            names = "--controller-manager-port",
            paramLabel = "PORT",
            defaultValue = "10257",
            description = "Controller manager health and Prometheus metrics port, as kube-controller-manager's;"
                    + " 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int controllerManagerPort;

    @Option(
            names = "--ingress-http-port",
            paramLabel = "PORT",
            description = "The ingress controller's plain HTTP port, as k3s's Traefik's; 0 picks a free one"
                    + " (default: 80 as root, else 8080).")
    private Integer ingressHttpPort;

    @Option(
            names = "--ingress-https-port",
            paramLabel = "PORT",
            description = "The ingress controller's TLS port; 0 picks a free one (default: 443 as root, else 8443).")
    private Integer ingressHttpsPort;

    @Option(
            names = "--ingress-controller-port",
            paramLabel = "PORT",
            defaultValue = "10254",
            description = "Ingress controller health and Prometheus metrics port, as ingress-nginx's; 0 picks a"
                    + " free one (default: ${DEFAULT-VALUE}).")
    private int ingressControllerPort;

    @Option(
            names = "--ingress-arg",
            paramLabel = "NAME=VALUE",
            description = "An ingress controller setting, skiff.ingress.NAME (see docs/ingress.md); repeatable, e.g."
                    + " --ingress-arg read-timeout=120s --ingress-arg listen-in-node-network=true.")
    private List<String> ingressSettings = new ArrayList<>();

    private static final int NODE_CIDR_PREFIX_LENGTH = 24;

    @Option(
            names = "--cluster-cidr",
            paramLabel = "CIDR",
            defaultValue = "10.244.0.0/16",
            description = "The pod network each node's podCIDR (a /24) is cut from, as k3s's --cluster-cidr; a /16"
                    + " holds 256 nodes (default: ${DEFAULT-VALUE}).")
    private String clusterCidr;

    @Option(
            names = "--service-cidr",
            paramLabel = "CIDR",
            defaultValue = "10.96.0.0/12",
            description = "The range Services' cluster IPs come from, as k3s's --service-cidr; the kubernetes Service"
                    + " takes its first address, IPv4 with at most 20 host bits (default: ${DEFAULT-VALUE}).")
    private String serviceCidr;

    @Option(
            names = "--service-node-port-range",
            paramLabel = "FIRST-LAST",
            defaultValue = "30000-32767",
            description = "The ports NodePort and LoadBalancer Services' node ports come from, as k3s's"
                    + " --service-node-port-range (default: ${DEFAULT-VALUE}).")
    private String serviceNodePortRange;

    @CommandLine.Mixin
    private NodeOptions node = new NodeOptions();

    @Option(
            names = "--dns-port",
            paramLabel = "PORT",
            defaultValue = "1053",
            description = "The cluster DNS also answers on 127.0.0.1 at this port (UDP and TCP), e.g. dig @127.0.0.1"
                    + " -p 1053 kubernetes.default.svc.cluster.local; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int dnsPort;

    @Option(
            names = "--dns-metrics-port",
            paramLabel = "PORT",
            defaultValue = "9153",
            description = "Cluster DNS health and Prometheus metrics port, as CoreDNS's; 0 picks a free one"
                    + " (default: ${DEFAULT-VALUE}).")
    private int dnsMetricsPort;

    @Option(
            names = "--dns-arg",
            paramLabel = "NAME=VALUE",
            description = "A cluster DNS setting, skiff.dns.NAME (see docs/dns.md); repeatable, e.g. --dns-arg"
                    + " upstream-servers=192.168.1.1 --dns-arg node-address=10.244.0.1.")
    private List<String> dnsSettings = new ArrayList<>();

    @Option(
            names = "--disable",
            paramLabel = "COMPONENT",
            split = ",",
            description = "Components not to run, e.g. --disable scheduler (choices: ${COMPLETION-CANDIDATES}).",
            completionCandidates = ComponentNames.class)
    private Set<String> disabled = new LinkedHashSet<>();

    @Override
    public Integer call() throws Exception {
        RunningServer server = start();
        StartupGarbage.release();
        ClassArchive.writeIfAsked();

        CountDownLatch stopped = new CountDownLatch(1);
        server.apiServer().addApplicationListener(event -> {
            if (event instanceof org.springframework.context.event.ContextClosedEvent) {
                stopped.countDown();
            }
        });
        if (!ShutdownHook.closeOnExit(server::close, "skiff-shutdown")) {
            stopped.await();
        }
        return 0;
    }

    /** Starts the cluster, writes the kubeconfig and says what to do next; returns what runs. */
    RunningServer start() throws Exception {
        for (String name : disabled) {
            if (!ServerComponents.names().contains(name)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--disable: unknown component '" + name + "' (choices: " + ServerComponents.names() + ")");
            }
        }
        NodeRuntime nodeRuntime = nodeRuntime();
        checkClusterCidr();
        checkServiceRanges();
        checkPlainHttp();
        Path dir = DataDirectory.resolve(dataDir);
        ServerTls tls = plainHttp
                ? null
                : ServerTls.open(
                        dir,
                        bindAddress,
                        ServiceIpRange.parse(serviceCidr).addressAt(0),
                        io.skiff.kubelet.config.HostIdentity.hostname(),
                        tlsSans);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("skiff.datastore.data-dir", dir.toString());
        if (datastoreEndpoint != null) {
            properties.put("skiff.datastore.url", datastoreEndpoint);
        }
        properties.put("server.port", port);
        properties.put("server.address", bindAddress);
        properties.put("management.server.port", managementPort);
        properties.put("management.server.address", bindAddress);
        properties.put("skiff.apiserver.service-cluster-ip-range", serviceCidr);
        properties.put("skiff.apiserver.service-node-port-range", serviceNodePortRange);
        if (tls != null) {
            properties.putAll(tls.apiServerProperties());
        }

        long start = System.nanoTime();
        // As arguments, so they override the service's application.yaml (builder properties would not).
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        RunningServer running = new RunningServer();
        running.add(
                ServerComponents.API_SERVER,
                new SpringApplicationBuilder(ApiServerApplication.class)
                        .web(WebApplicationType.REACTIVE)
                        .run(args));
        String scheme = tls == null ? "http" : "https";
        String server = scheme + "://" + (bindAddress.equals("0.0.0.0") ? "127.0.0.1" : bindAddress) + ":" + port;
        try {
            for (ServerComponents.Component component : ServerComponents.ALL) {
                if (!disabled.contains(component.name()) && !proxyCannotRun(component, nodeRuntime)) {
                    running.add(
                            component.name(),
                            component.builder().run(componentArgs(component, server, dir, nodeRuntime, tls)));
                }
            }
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
        Path kubeconfig = Kubeconfig.write(dir, server, tls == null ? null : tls.kubeconfigCredentials());
        try {
            ServerJoinToken.ensure(
                    dir,
                    tls == null ? ApiClientProperties.defaults().withUrls(server) : tls.adminClient(server),
                    tls == null ? null : tls.authorityPin());
        } catch (java.io.IOException | RuntimeException e) {
            running.close();
            throw e;
        }
        System.out.printf(
                "%nSkiff is up in %.1f s: API server %s%s, data in %s%n%n  export KUBECONFIG=%s%n  kubectl get nodes%n%n",
                (System.nanoTime() - start) / 1e9,
                server,
                tls == null ? " (plain HTTP: no TLS, anyone on this machine may do anything)" : "",
                dir,
                kubeconfig,
                kubeconfig);
        System.out.print(ServerJoinToken.joinInstructions(scheme, bindAddress, port, dir));

        return running;
    }

    /** The node's runtime, once every component setting is known to be usable. */
    private NodeRuntime nodeRuntime() {
        NodeRuntime chosen = node.nodeRuntime(spec, !disabled.contains(ServerComponents.KUBELET));
        NodeOptions.checkSettings(spec, "--dns-arg", dnsSettings);
        NodeOptions.checkSettings(spec, "--ingress-arg", ingressSettings);
        return chosen;
    }

    /** Each node takes a /24 of the cluster CIDR, so the CIDR must be IPv4 and hold at least one. */
    private void checkClusterCidr() {
        try {
            Ipv4Cidr cidr = Ipv4Cidr.parse(clusterCidr);
            if (cidr.prefixLength() > NODE_CIDR_PREFIX_LENGTH) {
                throw new IllegalArgumentException("it must hold at least one node's /" + NODE_CIDR_PREFIX_LENGTH
                        + ", got /" + cidr.prefixLength());
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cluster-cidr: " + e.getMessage());
        }
    }

    /** Plain HTTP carries no credentials and no secrecy: it is for loopback only. */
    private void checkPlainHttp() {
        if (plainHttp && !isLoopback(bindAddress)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--plain-http: only with a loopback --bind-address (got " + bindAddress + "): over plain HTTP"
                            + " anyone who reaches the port may do anything");
        }
    }

    private static boolean isLoopback(String address) {
        byte[] bytes = io.skiff.apiserver.validation.IpAddresses.parse(address);
        try {
            return address.equals("localhost")
                    || bytes != null && java.net.InetAddress.getByAddress(bytes).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** The Service ranges are checked here so a typo is a clear message, not an API server that fails to start. */
    private void checkServiceRanges() {
        ServiceIpRange services;
        try {
            services = ServiceIpRange.parse(serviceCidr);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--service-cidr: " + e.getMessage());
        }
        Ipv4Cidr pods = Ipv4Cidr.parse(clusterCidr);
        if (services.cidr().contains(pods) || pods.contains(services.cidr())) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--service-cidr " + services + " overlaps --cluster-cidr " + pods + "; they must be disjoint");
        }
        try {
            NodePortRange.parse(serviceNodePortRange);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--service-node-port-range: " + e.getMessage());
        }
    }

    /**
     * A component reaches the API server over loopback, like any other client, as its own identity
     * ({@link ComponentIdentity}) when the server speaks TLS.
     */
    private String[] componentArgs(
            ServerComponents.Component component, String server, Path dir, NodeRuntime nodeRuntime, ServerTls tls) {
        List<String> args = new ArrayList<>();
        args.add("--skiff.apiserver.urls=" + server);
        if (tls != null) {
            String nodeName = node.nodeName != null ? node.nodeName : io.skiff.kubelet.config.HostIdentity.hostname();
            args.addAll(
                    tls.componentArgs(component.name(), ComponentIdentity.of(component.name(), nodeName, nodeRuntime)));
        }
        args.add("--server.address=" + bindAddress);
        switch (component.name()) {
            case ServerComponents.SCHEDULER -> args.add("--server.port=" + schedulerPort);
            case ServerComponents.CONTROLLER_MANAGER -> {
                args.add("--server.port=" + controllerManagerPort);
                args.add("--skiff.controllers.node-ipam.cluster-cidr=" + clusterCidr);
                if (tls != null) {
                    args.addAll(tls.controllerManagerArgs());
                }
            }
            case ServerComponents.KUBELET -> {
                // A hollow kubelet runs no processes: it has no exec or logs to guard.
                if (tls != null && nodeRuntime != NodeRuntime.HOLLOW) {
                    args.addAll(tls.kubeletArgs());
                }
                args.addAll(kubeletArgs(dir, nodeRuntime));
            }
            case ServerComponents.DNS -> args.addAll(dnsArgs(nodeRuntime));
            case ServerComponents.PROXY -> args.addAll(proxyArgs());
            case ServerComponents.INGRESS_CONTROLLER -> args.addAll(ingressControllerArgs());
            default -> throw new IllegalStateException("no arguments for component " + component.name());
        }
        return args.toArray(String[]::new);
    }

    /**
     * The kubelet keeps its state under the data directory. Its address is the one the API server
     * proxies container logs to, so it is the bind address unless that is the wildcard.
     */
    private List<String> kubeletArgs(Path dir, NodeRuntime nodeRuntime) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", Integer.toString(node.kubeletPort));
        settings.put("skiff.kubelet.runtime", nodeRuntime.propertyValue());
        settings.put("skiff.kubelet.root-dir", dir.resolve("kubelet").toString());
        settings.put("skiff.kubelet.cluster-dns", clusterDnsAddress());
        settings.put(
                "skiff.kubelet.runc.root-directory", dir.resolve("kubelet/runc").toString());
        if (!bindAddress.equals("0.0.0.0") && !bindAddress.equals("::")) {
            settings.put("skiff.kubelet.address", bindAddress);
        }
        if (node.nodeName != null) {
            settings.put("skiff.kubelet.node-name", node.nodeName);
        }
        if (nodeRuntime == NodeRuntime.HOLLOW) {
            settings.put(
                    "skiff.kubelet.hollow.nodes", Integer.toString(node.hollowNodes == null ? 1 : node.hollowNodes));
        }
        // A user's setting replaces a default above: Spring would join two values of one name.
        for (String setting : node.kubeletSettings) {
            int equals = setting.indexOf('=');
            settings.put("skiff.kubelet." + setting.substring(0, equals).trim(), setting.substring(equals + 1));
        }
        List<String> args = new ArrayList<>();
        settings.forEach((name, value) -> args.add("--" + name + "=" + value));
        return args;
    }

    /**
     * The cluster DNS answers on loopback at --dns-port (DESIGN.md §3). With runc pods on a bridge it
     * also serves where they reach it through the kube-dns Service, the bridge's address: the first
     * of this node's podCIDR, which it reads from the Node, inside the kubelet's node network
     * namespace if it has one (--dns-arg node-address overrides it).
     */
    private List<String> dnsArgs(NodeRuntime nodeRuntime) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", Integer.toString(dnsMetricsPort));
        settings.put("skiff.dns.address", "127.0.0.1");
        settings.put("skiff.dns.port", Integer.toString(dnsPort));
        settings.put("skiff.dns.cluster-ip", clusterDnsAddress());
        if (nodeRuntime == NodeRuntime.RUNC && !disabled.contains(ServerComponents.KUBELET)) {
            settings.put(
                    "skiff.dns.node-name",
                    node.nodeName != null ? node.nodeName : io.skiff.kubelet.config.HostIdentity.hostname());
            nodeNetworkNamespace().ifPresent(path -> settings.put("skiff.dns.node-network-namespace", path));
        }
        for (String setting : dnsSettings) {
            int equals = setting.indexOf('=');
            settings.put("skiff.dns." + setting.substring(0, equals).trim(), setting.substring(equals + 1));
        }
        List<String> args = new ArrayList<>();
        settings.forEach((name, value) -> args.add("--" + name + "=" + value));
        return args;
    }

    /**
     * The proxy programs a node's network, so it runs only where this machine is a real node: not
     * with the kubelet disabled, nor with hollow nodes, whose pods have no network to reach; and
     * only as root, which netfilter and routes need.
     */
    private boolean proxyCannotRun(ServerComponents.Component component, NodeRuntime nodeRuntime) {
        if (!component.name().equals(ServerComponents.PROXY)) {
            return false;
        }
        return disabled.contains(ServerComponents.KUBELET) || !NodeOptions.proxyCanRun(nodeRuntime);
    }

    /**
     * The proxy acts on the kubelet's node network: the network namespace the runc runtime's
     * node-network-namespace names, else this machine's own. It masquerades traffic from outside
     * the cluster CIDR.
     */
    private List<String> proxyArgs() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", Integer.toString(node.proxyPort));
        settings.put("skiff.proxy.mode", node.proxyMode);
        settings.put("skiff.proxy.cluster-cidr", clusterCidr);
        settings.put("skiff.proxy.service-cidr", serviceCidr);
        if (node.nodeName != null) {
            settings.put("skiff.proxy.node-name", node.nodeName);
        }
        nodeNetworkNamespace().ifPresent(path -> settings.put("skiff.proxy.node-network-namespace", path));
        for (String setting : node.proxySettings) {
            int equals = setting.indexOf('=');
            settings.put("skiff.proxy." + setting.substring(0, equals).trim(), setting.substring(equals + 1));
        }
        List<String> args = new ArrayList<>();
        settings.forEach((name, value) -> args.add("--" + name + "=" + value));
        return args;
    }

    /**
     * The ingress controller listens on the bind address, publishes this node's addresses in the
     * Ingresses' status and, when the kubelet keeps the pod network in a network namespace, reaches
     * the pods inside it.
     */
    private List<String> ingressControllerArgs() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", Integer.toString(ingressControllerPort));
        settings.put("skiff.ingress.address", bindAddress);
        boolean root = NodeRuntime.runningAsRoot();
        if (!root && (ingressHttpPort == null || ingressHttpsPort == null)) {
            System.out.println("Not running as root: the ingress controller serves on ports 8080 and 8443 instead of"
                    + " 80 and 443 (--ingress-http-port, --ingress-https-port).");
        }
        settings.put(
                "skiff.ingress.http-port",
                Integer.toString(ingressHttpPort != null ? ingressHttpPort : root ? 80 : 8080));
        settings.put(
                "skiff.ingress.https-port",
                Integer.toString(ingressHttpsPort != null ? ingressHttpsPort : root ? 443 : 8443));
        settings.put(
                "skiff.ingress.node-name",
                node.nodeName != null ? node.nodeName : io.skiff.kubelet.config.HostIdentity.hostname());
        nodeNetworkNamespace().ifPresent(path -> settings.put("skiff.ingress.node-network-namespace", path));
        for (String setting : ingressSettings) {
            int equals = setting.indexOf('=');
            settings.put("skiff.ingress." + setting.substring(0, equals).trim(), setting.substring(equals + 1));
        }
        List<String> args = new ArrayList<>();
        settings.forEach((name, value) -> args.add("--" + name + "=" + value));
        return args;
    }

    /**
     * The kube-dns Service's address: the tenth of the service range (10.96.0.10 by default), which
     * the DNS component claims and the kubelet writes into pods' resolv.conf.
     */
    private String clusterDnsAddress() {
        return ServiceIpRange.parse(serviceCidr).addressAt(9);
    }

    /** The network namespace the runc kubelet keeps the node's pod network in, if it was given one. */
    private java.util.Optional<String> nodeNetworkNamespace() {
        String found = null;
        for (String setting : node.kubeletSettings) {
            int equals = setting.indexOf('=');
            if (setting.substring(0, equals).trim().equals("runc.node-network-namespace")) {
                found = setting.substring(equals + 1);
            }
        }
        return java.util.Optional.ofNullable(found);
    }

    /** Lists the component names for --disable's help. */
    static final class ComponentNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ServerComponents.names().iterator();
        }
    }
}
