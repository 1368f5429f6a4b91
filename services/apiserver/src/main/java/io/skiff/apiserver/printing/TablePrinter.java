package io.skiff.apiserver.printing;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;

/**
 * Kubernetes' server-side printing: the meta.k8s.io/v1 Table that {@code kubectl get} asks for with
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}, with the columns and cells of
 * Kubernetes 1.32's printers for built-in kinds and NAME / CREATED AT for the others.
 *
 * <p>Like kube-apiserver, it always prints wide: priority 1 columns and their cells are included,
 * and kubectl shows them only for {@code -o wide}. Ages are measured against the injected clock,
 * read once per table.
 */
public final class TablePrinter {

    private final Clock clock;
    private final PrinterRegistry registry;

    private TablePrinter(Clock clock, PrinterRegistry registry) {
        this.clock = clock;
        this.registry = registry;
    }

    public static TablePrinter builtin(Clock clock) {
        return new TablePrinter(clock, PrinterRegistry.builtin());
    }

    /**
     * A meta.k8s.io/v1 Table (kind Table, apiVersion meta.k8s.io/v1) as JSON bytes: the column
     * definitions and one row {cells, object} per object, in the given order.
     *
     * @param objects stored JSON of whole objects of the type
     * @param resourceVersion metadata.resourceVersion of the table; null or empty leaves it out
     * @param continueToken metadata.continue; null or empty leaves it out
     * @param remainingItemCount metadata.remainingItemCount; null leaves it out
     */
    public byte[] table(
            ResourceType type,
            List<byte[]> objects,
            IncludeObject include,
            String resourceVersion,
            String continueToken,
            Long remainingItemCount) {
        KindPrinter printer = registry.printerFor(type);
        PrintContext context = new PrintContext(clock.instant());
        TableJson table = new TableJson(resourceVersion, continueToken, remainingItemCount).columns(printer.columns());
        for (byte[] stored : objects) {
            JsonNode object = parse(stored);
            table.row(printer.row(object, context), object, include);
        }
        return table.toBytes();
    }

    /**
     * The single-row Table Kubernetes sends as the object of a watch event when the watch asked for
     * a Table, with column definitions. Its metadata.resourceVersion is the object's.
     */
    public byte[] rowTable(ResourceType type, byte[] object, IncludeObject include) {
        return rowTable(type, object, include, true);
    }

    /**
     * The single-row Table of a watch event. Kubernetes includes the column definitions only in the
     * first event of a watch and sends null ones afterwards; kubectl reuses the last ones it saw.
     */
    public byte[] rowTable(ResourceType type, byte[] object, IncludeObject include, boolean withColumnDefinitions) {
        KindPrinter printer = registry.printerFor(type);
        JsonNode parsed = parse(object);
        TableJson table = new TableJson(Fields.text(parsed, "metadata", "resourceVersion"), null, null);
        if (withColumnDefinitions) {
            table.columns(printer.columns());
        }
        return table.row(printer.row(parsed, new PrintContext(clock.instant())), parsed, include)
                .toBytes();
    }

    private static JsonNode parse(byte[] stored) {
        try {
            return KubeJson.mapper().readTree(stored);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("stored object is not JSON", unreadable);
        }
    }
}
