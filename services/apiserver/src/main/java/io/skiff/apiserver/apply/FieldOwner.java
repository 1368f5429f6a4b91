package io.skiff.apiserver.apply;

import io.skiff.model.api.Statuses;
import java.nio.charset.StandardCharsets;

/**
 * Who is writing, for managedFields: the request's {@code fieldManager}, or else the part of its
 * User-Agent before the first "/" as Kubernetes derives it ("kubectl/v1.32.0 (linux/amd64) ..."
 * writes as "kubectl").
 *
 * @param subresource "status" or "scale" for writes through those, else null
 */
public record FieldOwner(String manager, String subresource) {

    private static final int MAX_MANAGER_LENGTH = 128;

    public static FieldOwner of(String fieldManager, String userAgent, String subresource) {
        if (fieldManager != null && !fieldManager.isEmpty()) {
            if (fieldManager.length() > MAX_MANAGER_LENGTH) {
                throw Statuses.badRequest("fieldManager: Too long: may not be longer than " + MAX_MANAGER_LENGTH);
            }
            checkPrintable(fieldManager);
            return new FieldOwner(fieldManager, subresource);
        }
        String agent = userAgent == null ? "" : userAgent;
        int slash = agent.indexOf('/');
        String prefix = slash < 0 ? agent : agent.substring(0, slash);
        if (prefix.length() > MAX_MANAGER_LENGTH) {
            prefix = prefix.substring(0, MAX_MANAGER_LENGTH);
        }
        return new FieldOwner(prefix, subresource);
    }

    /**
     * Kubernetes' ValidateFieldManager: every character printable (a NUL or a newline in a manager
     * name would end up in every managedFields entry it writes).
     */
    private static void checkPrintable(String fieldManager) {
        int bytePosition = 0;
        for (int i = 0; i < fieldManager.length(); ) {
            int codePoint = fieldManager.codePointAt(i);
            if (!isPrintable(codePoint)) {
                throw Statuses.badRequest(String.format(
                        "fieldManager: Invalid value: \"%s\": invalid character U+%04X (at position %d)",
                        escaped(fieldManager), codePoint, bytePosition));
            }
            bytePosition += new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            i += Character.charCount(codePoint);
        }
    }

    /** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isPrintable(int codePoint) {
        if (codePoint == ' ') {
            return true;
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.SURROGATE,
                    Character.PRIVATE_USE,
                    Character.UNASSIGNED,
                    Character.SPACE_SEPARATOR,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    private static String escaped(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (isPrintable(c)) {
                out.appendCodePoint(c);
            } else if (c < 0x80) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.append(String.format(c > 0xFFFF ? "\\U%08x" : "\\u%04x", c));
            }
        });
        return out.toString();
    }

    /** The applier of a server-side apply, which must name itself. */
    public static FieldOwner applier(String fieldManager) {
        if (fieldManager == null || fieldManager.isEmpty()) {
            throw Statuses.badRequest("PATCH, application/apply-patch+yaml: fieldManager: Required value: "
                    + "is required for apply patch");
        }
        return of(fieldManager, null, null);
    }
}
