package io.skiff.apiserver.printing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The core (v1) kinds with short printers: namespaces, services, endpoints, config maps, secrets,
 * service accounts, replication controllers and resource quotas. Pods, nodes, events and volumes
 * have printers of their own.
 */
final class CorePrinters {

    static final KindPrinter NAMESPACE = KindPrinter.of(
            List.of(Column.objectName(), Column.string("Status", "The status of the namespace"), Column.age()),
            (namespace, context) ->
                    List.of(Fields.name(namespace), Fields.text(namespace, "status", "phase"), context.age(namespace)));

    static final KindPrinter SERVICE = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.string("Type", FieldDocs.SERVICE_SPEC_TYPE),
                    Column.string("Cluster-IP", FieldDocs.SERVICE_SPEC_CLUSTER_IP),
                    Column.string("External-IP", FieldDocs.SERVICE_SPEC_EXTERNAL_IPS),
                    Column.string("Port(s)", FieldDocs.SERVICE_SPEC_PORTS),
                    Column.age(),
                    Column.string("Selector", FieldDocs.SERVICE_SPEC_SELECTOR).wide()),
            CorePrinters::service);

    static final KindPrinter ENDPOINTS = KindPrinter.of(
            List.of(Column.objectName(), Column.string("Endpoints", FieldDocs.ENDPOINTS_SUBSETS), Column.age()),
            (endpoints, context) -> List.of(Fields.name(endpoints), endpoints(endpoints), context.age(endpoints)));

    static final KindPrinter CONFIG_MAP = KindPrinter.of(
            List.of(Column.objectName(), Column.string("Data", FieldDocs.CONFIG_MAP_DATA), Column.age()),
            (configMap, context) -> List.of(
                    Fields.name(configMap),
                    (long) (Fields.size(configMap, "data") + Fields.size(configMap, "binaryData")),
                    context.age(configMap)));

    static final KindPrinter SECRET = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.string("Type", FieldDocs.SECRET_TYPE),
                    Column.string("Data", FieldDocs.SECRET_DATA),
                    Column.age()),
            (secret, context) -> List.of(
                    Fields.name(secret),
                    Fields.text(secret, "type"),
                    (long) Fields.size(secret, "data"),
                    context.age(secret)));

    static final KindPrinter SERVICE_ACCOUNT = KindPrinter.of(
            List.of(Column.objectName(), Column.string("Secrets", FieldDocs.SERVICE_ACCOUNT_SECRETS), Column.age()),
            (account, context) ->
                    List.of(Fields.name(account), (long) Fields.size(account, "secrets"), context.age(account)));

    static final KindPrinter REPLICATION_CONTROLLER = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.integer("Desired", FieldDocs.RC_SPEC_REPLICAS),
                    Column.integer("Current", FieldDocs.RC_STATUS_REPLICAS),
                    Column.integer("Ready", FieldDocs.RC_STATUS_READY_REPLICAS),
                    Column.age(),
                    Column.containers(),
                    Column.images(),
                    Column.string("Selector", FieldDocs.RC_SPEC_SELECTOR).wide()),
            (controller, context) -> {
                Containers containers = Containers.of(Fields.at(controller, "spec", "template", "spec"));
                return List.of(
                        Fields.name(controller),
                        Fields.integer(controller, "spec", "replicas"),
                        Fields.integer(controller, "status", "replicas"),
                        Fields.integer(controller, "status", "readyReplicas"),
                        context.age(controller),
                        containers.names(),
                        containers.images(),
                        Labels.format(Fields.stringMap(controller, "spec", "selector")));
            });

    static final KindPrinter RESOURCE_QUOTA = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.string(
                            "Request",
                            "Request represents a minimum amount of cpu/memory that a container may consume."),
                    Column.string(
                            "Limit",
                            "Limits control the maximum amount of cpu/memory that a container may use independent of"
                                    + " contention on the node."),
                    Column.age()),
            CorePrinters::resourceQuota);

    /** Endpoints cells list at most this many addresses before summarizing the rest. */
    private static final int MAX_ENDPOINTS = 3;

    private CorePrinters() {}

    static void registerInto(PrinterRegistry.Builder registry) {
        registry.add("", "Namespace", NAMESPACE)
                .add("", "Service", SERVICE)
                .add("", "Endpoints", ENDPOINTS)
                .add("", "ConfigMap", CONFIG_MAP)
                .add("", "Secret", SECRET)
                .add("", "ServiceAccount", SERVICE_ACCOUNT)
                .add("", "ReplicationController", REPLICATION_CONTROLLER)
                .add("", "ResourceQuota", RESOURCE_QUOTA);
    }

    private static List<Object> service(JsonNode service, PrintContext context) {
        JsonNode spec = Fields.at(service, "spec");
        List<JsonNode> clusterIps = Fields.list(spec, "clusterIPs");
        // Decoding a v1 service fills clusterIPs from clusterIP when only the latter is set.
        String clusterIp = clusterIps.isEmpty()
                ? Fields.text(spec, "clusterIP")
                : clusterIps.get(0).asText();
        String ports = ports(spec);
        return List.of(
                Fields.name(service),
                Fields.text(spec, "type"),
                Placeholders.orNone(clusterIp),
                externalIp(service),
                Placeholders.orNone(ports),
                context.age(service),
                Labels.format(Fields.stringMap(spec, "selector")));
    }

    /** EXTERNAL-IP by service type. */
    private static String externalIp(JsonNode service) {
        JsonNode spec = Fields.at(service, "spec");
        List<String> externalIps =
                Fields.list(spec, "externalIPs").stream().map(JsonNode::asText).toList();
        return switch (Fields.text(spec, "type")) {
            case "ClusterIP", "NodePort" -> externalIps.isEmpty() ? Placeholders.NONE : String.join(",", externalIps);
            case "LoadBalancer" -> loadBalancerIp(service, externalIps);
            case "ExternalName" -> Fields.text(spec, "externalName");
            default -> Placeholders.UNKNOWN;
        };
    }

    /**
     * The load balancer's addresses followed by the external IPs; the addresses are not shortened,
     * as the server prints tables as for {@code -o wide}.
     */
    private static String loadBalancerIp(JsonNode service, List<String> externalIps) {
        List<String> addresses = new ArrayList<>(loadBalancerAddresses(Fields.at(service, "status", "loadBalancer")));
        if (!externalIps.isEmpty()) {
            addresses.addAll(externalIps);
        }
        return addresses.isEmpty() ? "<pending>" : String.join(",", addresses);
    }

    /** The distinct ingress points of a load balancer status, IPs preferred to host names, sorted. */
    static TreeSet<String> loadBalancerAddresses(JsonNode loadBalancerStatus) {
        TreeSet<String> addresses = new TreeSet<>();
        for (JsonNode ingress : Fields.list(loadBalancerStatus, "ingress")) {
            String ip = Fields.text(ingress, "ip");
            String hostname = Fields.text(ingress, "hostname");
            if (!ip.isEmpty()) {
                addresses.add(ip);
            } else if (!hostname.isEmpty()) {
                addresses.add(hostname);
            }
        }
        return addresses;
    }

    /** PORT(S): port/protocol, or port:nodePort/protocol when a node port is allocated. */
    private static String ports(JsonNode spec) {
        List<String> pieces = new ArrayList<>();
        for (JsonNode port : Fields.list(spec, "ports")) {
            long nodePort = Fields.integer(port, "nodePort");
            String protocol = Fields.text(port, "protocol");
            pieces.add(Fields.integer(port, "port") + (nodePort > 0 ? ":" + nodePort : "") + "/" + protocol);
        }
        return String.join(",", pieces);
    }

    /** ENDPOINTS: the first three host:port pairs (bare IPs for port-less subsets), then a count. */
    private static String endpoints(JsonNode endpoints) {
        List<JsonNode> subsets = Fields.list(endpoints, "subsets");
        if (subsets.isEmpty()) {
            return Placeholders.NONE;
        }
        List<String> list = new ArrayList<>();
        boolean more = false;
        int count = 0;
        for (JsonNode subset : subsets) {
            List<JsonNode> addresses = Fields.list(subset, "addresses");
            List<JsonNode> ports = Fields.list(subset, "ports");
            if (ports.isEmpty()) {
                // Headless services may have no ports at all.
                count += addresses.size();
                for (JsonNode address : addresses) {
                    if (list.size() == MAX_ENDPOINTS) {
                        more = true;
                        break;
                    }
                    list.add(Fields.text(address, "ip"));
                }
                continue;
            }
            for (JsonNode port : ports) {
                count += addresses.size();
                for (JsonNode address : addresses) {
                    if (list.size() == MAX_ENDPOINTS) {
                        more = true;
                        break;
                    }
                    list.add(hostPort(Fields.text(address, "ip"), Fields.integer(port, "port")));
                }
            }
        }
        String joined = String.join(",", list);
        return more ? joined + " + " + (count - MAX_ENDPOINTS) + " more..." : joined;
    }

    /** net.JoinHostPort: IPv6 addresses go in brackets. */
    private static String hostPort(String host, long port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** REQUEST and LIMIT: "resource: used/hard" for each hard limit, limits.* ones in LIMIT. */
    private static List<Object> resourceQuota(JsonNode quota, PrintContext context) {
        JsonNode status = Fields.at(quota, "status");
        StringBuilder requests = new StringBuilder();
        StringBuilder limits = new StringBuilder();
        for (String resource : new TreeSet<>(Fields.stringMap(status, "hard").keySet())) {
            String[] pieces = resource.split("\\.", -1);
            StringBuilder column = pieces.length > 1 && pieces[0].equals("limits") ? limits : requests;
            column.append(resource)
                    .append(": ")
                    .append(Fields.quantity(status, "used", resource))
                    .append('/')
                    .append(Fields.quantity(status, "hard", resource))
                    .append(", ");
        }
        return List.of(Fields.name(quota), trimSeparator(requests), trimSeparator(limits), context.age(quota));
    }

    private static String trimSeparator(StringBuilder column) {
        String text = column.toString();
        return text.endsWith(", ") ? text.substring(0, text.length() - 2) : text;
    }
}
