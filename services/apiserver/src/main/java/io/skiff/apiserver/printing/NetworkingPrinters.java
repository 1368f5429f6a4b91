package io.skiff.apiserver.printing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The networking.k8s.io group: ingresses and ingress classes. */
final class NetworkingPrinters {

    static final KindPrinter INGRESS = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.string(
                            "Class",
                            "The name of the IngressClass resource that should be used for additional configuration"),
                    Column.string("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
                    Column.string("Address", "Address is a list containing ingress points for the load-balancer"),
                    Column.string("Ports", "Ports of TLS configurations that open"),
                    Column.age()),
            NetworkingPrinters::ingress);

    static final KindPrinter INGRESS_CLASS = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.string("Controller", "Controller that is responsible for handling this class"),
                    Column.string("Parameters", "A reference to a resource with additional parameters"),
                    Column.age()),
            NetworkingPrinters::ingressClass);

    /** HOSTS lists at most this many hosts before counting the remaining rules. */
    private static final int MAX_HOSTS = 3;

    private NetworkingPrinters() {}

    static void registerInto(PrinterRegistry.Builder registry) {
        registry.add("networking.k8s.io", "Ingress", INGRESS).add("networking.k8s.io", "IngressClass", INGRESS_CLASS);
    }

    private static List<Object> ingress(JsonNode ingress, PrintContext context) {
        JsonNode spec = Fields.at(ingress, "spec");
        return List.of(
                Fields.name(ingress),
                Fields.has(spec, "ingressClassName") ? Fields.text(spec, "ingressClassName") : Placeholders.NONE,
                hosts(Fields.list(spec, "rules")),
                // Addresses are not shortened: the server prints tables as for -o wide.
                String.join(",", CorePrinters.loadBalancerAddresses(Fields.at(ingress, "status", "loadBalancer"))),
                Fields.list(spec, "tls").isEmpty() ? "80" : "80, 443",
                context.age(ingress));
    }

    /**
     * HOSTS: the first three rule hosts, "*" when no rule names one, and a count of the rules past
     * the third once a fourth rule exists.
     */
    private static String hosts(List<JsonNode> rules) {
        List<String> hosts = new ArrayList<>();
        boolean more = false;
        for (JsonNode rule : rules) {
            if (hosts.size() == MAX_HOSTS) {
                more = true;
            }
            String host = Fields.text(rule, "host");
            if (!more && !host.isEmpty()) {
                hosts.add(host);
            }
        }
        if (hosts.isEmpty()) {
            return "*";
        }
        String joined = String.join(",", hosts);
        return more ? joined + " + " + (rules.size() - MAX_HOSTS) + " more..." : joined;
    }

    private static List<Object> ingressClass(JsonNode ingressClass, PrintContext context) {
        JsonNode spec = Fields.at(ingressClass, "spec");
        String parameters = Placeholders.NONE;
        if (Fields.has(spec, "parameters")) {
            JsonNode reference = Fields.at(spec, "parameters");
            parameters = Fields.text(reference, "kind");
            if (Fields.has(reference, "apiGroup")) {
                parameters += "." + Fields.text(reference, "apiGroup");
            }
            parameters += "/" + Fields.text(reference, "name");
        }
        return List.of(
                Fields.name(ingressClass), Fields.text(spec, "controller"), parameters, context.age(ingressClass));
    }
}
