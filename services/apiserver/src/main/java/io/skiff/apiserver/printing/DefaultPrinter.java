package io.skiff.apiserver.printing;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.model.time.KubeTimes;
import java.time.Instant;
import java.util.List;

/**
 * The table of kinds without a printer (roles, cluster roles, limit ranges, ...): the generic
 * registry's default table convertor, NAME and CREATED AT, the latter an RFC 3339 UTC date rather
 * than an age.
 */
final class DefaultPrinter {

    static final KindPrinter PRINTER = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    new Column("Created At", "date", "", FieldDocs.OBJECT_META_CREATION_TIMESTAMP, 0)),
            (object, context) -> List.of(Fields.name(object), createdAt(object)));

    /** How Go formats its zero time, which an object without a creation timestamp carries. */
    private static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";

    private DefaultPrinter() {}

    private static String createdAt(JsonNode object) {
        Instant created = PrintContext.instant(Fields.at(object, "metadata", "creationTimestamp"));
        return created == null ? GO_ZERO_TIME : KubeTimes.time(created);
    }
}
