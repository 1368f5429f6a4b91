package io.skiff.apiserver.printing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The discovery.k8s.io group: endpoint slices. */
final class DiscoveryPrinters {

    static final KindPrinter ENDPOINT_SLICE = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.string("AddressType", FieldDocs.ENDPOINT_SLICE_ADDRESS_TYPE),
                    Column.string("Ports", FieldDocs.ENDPOINT_SLICE_PORTS),
                    Column.string("Endpoints", FieldDocs.ENDPOINT_SLICE_ENDPOINTS),
                    Column.age()),
            DiscoveryPrinters::endpointSlice);

    /** PORTS and ENDPOINTS list at most this many entries before counting the rest. */
    private static final int MAX_LISTED = 3;

    private DiscoveryPrinters() {}

    static void registerInto(PrinterRegistry.Builder registry) {
        registry.add("discovery.k8s.io", "EndpointSlice", ENDPOINT_SLICE);
    }

    private static List<Object> endpointSlice(JsonNode slice, PrintContext context) {
        List<String> ports = new ArrayList<>();
        for (JsonNode port : Fields.list(slice, "ports")) {
            // A port without a number stands for all ports.
            if (Fields.has(port, "port")) {
                ports.add(Long.toString(Fields.integer(port, "port")));
            } else if (Fields.has(port, "name")) {
                ports.add(Fields.text(port, "name"));
            } else {
                ports.add("*");
            }
        }
        List<String> addresses = new ArrayList<>();
        for (JsonNode endpoint : Fields.list(slice, "endpoints")) {
            Fields.list(endpoint, "addresses").forEach(address -> addresses.add(address.asText()));
        }
        return List.of(
                Fields.name(slice),
                Fields.text(slice, "addressType"),
                listWithMore(ports),
                listWithMore(addresses),
                context.age(slice));
    }

    /** The first three entries, then "+ N more...", "&lt;unset&gt;" for none. */
    private static String listWithMore(List<String> entries) {
        String joined = String.join(",", entries.subList(0, Math.min(entries.size(), MAX_LISTED)));
        if (entries.size() > MAX_LISTED) {
            return joined + " + " + (entries.size() - MAX_LISTED) + " more...";
        }
        return joined.isEmpty() ? Placeholders.UNSET : joined;
    }
}
