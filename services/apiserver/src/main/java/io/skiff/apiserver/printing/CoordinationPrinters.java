package io.skiff.apiserver.printing;

import java.util.List;

/** The coordination.k8s.io group: leases. */
final class CoordinationPrinters {

    static final KindPrinter LEASE = KindPrinter.of(
            List.of(Column.objectName(), Column.string("Holder", FieldDocs.LEASE_SPEC_HOLDER_IDENTITY), Column.age()),
            (lease, context) ->
                    List.of(Fields.name(lease), Fields.text(lease, "spec", "holderIdentity"), context.age(lease)));

    private CoordinationPrinters() {}

    static void registerInto(PrinterRegistry.Builder registry) {
        registry.add("coordination.k8s.io", "Lease", LEASE);
    }
}
