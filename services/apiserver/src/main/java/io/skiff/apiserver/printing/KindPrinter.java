package io.skiff.apiserver.printing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** How objects of one kind print as Table rows: one TableHandler of Kubernetes' printers.go. */
interface KindPrinter {

    /** The column definitions, wide ones included. */
    List<Column> columns();

    /** The row for one stored object, with a cell for every column. */
    Row row(JsonNode object, PrintContext context);

    /** A printer whose rows are just cells. */
    static KindPrinter of(List<Column> columns, Cells cells) {
        List<Column> definitions = List.copyOf(columns);
        return new KindPrinter() {
            @Override
            public List<Column> columns() {
                return definitions;
            }

            @Override
            public Row row(JsonNode object, PrintContext context) {
                return new Row(cells.of(object, context), List.of());
            }
        };
    }

    /** The cells of one object's row. */
    @FunctionalInterface
    interface Cells {
        List<Object> of(JsonNode object, PrintContext context);
    }
}
