package io.skiff.apiserver.printing;

import io.skiff.model.catalog.ResourceType;
import java.util.HashMap;
import java.util.Map;

/**
 * Which printer prints a kind. Kubernetes prints internal types, so a kind prints the same in every
 * version of its group; kinds without a printer get {@link DefaultPrinter}.
 */
final class PrinterRegistry {

    private final Map<String, KindPrinter> printers;

    private PrinterRegistry(Map<String, KindPrinter> printers) {
        this.printers = Map.copyOf(printers);
    }

    /** The printers of Kubernetes 1.32's printers.go for the built-in kinds Skiff serves. */
    static PrinterRegistry builtin() {
        Builder registry = new Builder()
                .add("", "Pod", new PodPrinter())
                .add("", "Node", NodePrinter.PRINTER)
                .add("", "Event", EventPrinter.PRINTER)
                // events.k8s.io events are stored as the same internal type as core ones.
                .add("events.k8s.io", "Event", EventPrinter.PRINTER);
        CorePrinters.registerInto(registry);
        StoragePrinters.registerInto(registry);
        AppsPrinters.registerInto(registry);
        BatchPrinters.registerInto(registry);
        NetworkingPrinters.registerInto(registry);
        DiscoveryPrinters.registerInto(registry);
        PolicyPrinters.registerInto(registry);
        RbacPrinters.registerInto(registry);
        SchedulingPrinters.registerInto(registry);
        CoordinationPrinters.registerInto(registry);
        CertificatesPrinters.registerInto(registry);
        FlowControlPrinters.registerInto(registry);
        return new PrinterRegistry(registry.printers);
    }

    KindPrinter printerFor(ResourceType type) {
        return printers.getOrDefault(key(type.group(), type.kind()), DefaultPrinter.PRINTER);
    }

    private static String key(String group, String kind) {
        return group + "/" + kind;
    }

    /** Collects the printers each API group contributes. */
    static final class Builder {

        private final Map<String, KindPrinter> printers = new HashMap<>();

        Builder add(String group, String kind, KindPrinter printer) {
            if (printers.putIfAbsent(key(group, kind), printer) != null) {
                throw new IllegalStateException("two printers for " + key(group, kind));
            }
            return this;
        }
    }
}
