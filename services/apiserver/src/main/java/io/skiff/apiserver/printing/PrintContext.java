package io.skiff.apiserver.printing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The instant a table is printed at, against which every age and elapsed time is measured. */
record PrintContext(Instant now) {

    /** Go's zero time.Time, which a timestamp serialized from an unset Go field carries. */
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    /** The object's AGE: time since its creation timestamp, "&lt;unknown&gt;" when it has none. */
    String age(JsonNode object) {
        return since(Fields.at(object, "metadata", "creationTimestamp"));
    }

    /** translateTimestampSince: the human duration since a timestamp, "&lt;unknown&gt;" when unset. */
    String since(JsonNode timestamp) {
        Instant instant = instant(timestamp);
        return instant == null ? Placeholders.UNKNOWN : since(instant);
    }

    String since(Instant instant) {
        return HumanDuration.format(Duration.between(instant, now));
    }

    /**
     * A metav1.Time or metav1.MicroTime field (RFC 3339, with or without fractional seconds); null
     * when unset, like Go's zero time. Values that do not parse are read as unset too: Kubernetes
     * would have refused to store them.
     */
    static Instant instant(JsonNode timestamp) {
        if (!Fields.isSet(timestamp) || !timestamp.isTextual()) {
            return null;
        }
        try {
            Instant instant = OffsetDateTime.parse(timestamp.asText()).toInstant();
            return instant.equals(GO_ZERO_TIME) ? null : instant;
        } catch (DateTimeParseException unparsable) {
            return null;
        }
    }
}
