package io.skiff.model.selector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Label key and value rules, with the messages apimachinery's validation package gives, and the
 * Go formatting of field errors that wraps them. Clients see these messages verbatim in 400
 * answers, and some tools match on them.
 */
final class LabelSyntax {

    private static final String QUALIFIED_NAME_FORMAT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String QUALIFIED_NAME_MESSAGE = "must consist of alphanumeric characters, '-', '_' or"
            + " '.', and must start and end with an alphanumeric character";
    private static final int QUALIFIED_NAME_MAX_LENGTH = 63;

    private static final String DNS_LABEL_FORMAT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS_SUBDOMAIN_FORMAT = DNS_LABEL_FORMAT + "(\\." + DNS_LABEL_FORMAT + ")*";
    private static final String DNS_SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case"
            + " alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private static final int DNS_SUBDOMAIN_MAX_LENGTH = 253;

    private static final String LABEL_VALUE_FORMAT = "(" + QUALIFIED_NAME_FORMAT + ")?";
    private static final String LABEL_VALUE_MESSAGE = "a valid label must be an empty string or consist of"
            + " alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private static final int LABEL_VALUE_MAX_LENGTH = 63;

    private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FORMAT);
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(DNS_SUBDOMAIN_FORMAT);
    private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FORMAT);

    private LabelSyntax() {}

    /** What is wrong with a label key ({@code [prefix/]name}); empty when it is valid. */
    static List<String> keyErrors(String key) {
        List<String> errors = new ArrayList<>();
        String[] parts = key.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            String prefix = parts[0];
            name = parts[1];
            if (prefix.isEmpty()) {
                errors.add("prefix part must be non-empty");
            } else {
                for (String error : subdomainErrors(prefix)) {
                    errors.add("prefix part " + error);
                }
            }
        } else {
            errors.add("a qualified name "
                    + regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FORMAT, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return errors;
        }
        if (name.isEmpty()) {
            errors.add("name part must be non-empty");
        } else if (goLength(name) > QUALIFIED_NAME_MAX_LENGTH) {
            errors.add("name part " + maxLengthError(QUALIFIED_NAME_MAX_LENGTH));
        }
        if (!QUALIFIED_NAME.matcher(name).matches()) {
            errors.add("name part "
                    + regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FORMAT, "MyName", "my.name", "123-abc"));
        }
        return errors;
    }

    /** What is wrong with a label value; empty when it is valid (the empty string is valid). */
    static List<String> valueErrors(String value) {
        List<String> errors = new ArrayList<>();
        if (goLength(value) > LABEL_VALUE_MAX_LENGTH) {
            errors.add(maxLengthError(LABEL_VALUE_MAX_LENGTH));
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            errors.add(regexError(LABEL_VALUE_MESSAGE, LABEL_VALUE_FORMAT, "MyValue", "my_value", "12345"));
        }
        return errors;
    }

    /** A field.Invalid error as Go prints it: {@code path: Invalid value: "bad": detail}. */
    static String invalid(String path, String badValue, String detail) {
        return path + ": Invalid value: " + quote(badValue) + ": " + detail;
    }

    /** A field.Invalid error whose bad value is a string slice, printed as Go's {@code %#v}. */
    static String invalid(String path, List<String> badValues, String detail) {
        String rendered;
        if (badValues.isEmpty()) {
            // LabelSelectorAsSelector copies values with append([]string(nil), ...): empty is nil
            rendered = "[]string(nil)";
        } else {
            List<String> quoted = new ArrayList<>(badValues.size());
            for (String value : badValues) {
                quoted.add(quote(value));
            }
            rendered = "[]string{" + String.join(", ", quoted) + "}";
        }
        return path + ": Invalid value: " + rendered + ": " + detail;
    }

    /** An aggregate of errors as utilerrors prints it: one message alone, several deduplicated in brackets. */
    static String aggregate(List<String> messages) {
        Set<String> distinct = new LinkedHashSet<>(messages);
        if (distinct.size() == 1) {
            return distinct.iterator().next();
        }
        return "[" + String.join(", ", distinct) + "]";
    }

    /** Go's {@code %q}: a double-quoted string with Go escapes. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\u0007' -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\u000b' -> out.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static List<String> subdomainErrors(String value) {
        List<String> errors = new ArrayList<>();
        if (goLength(value) > DNS_SUBDOMAIN_MAX_LENGTH) {
            errors.add(maxLengthError(DNS_SUBDOMAIN_MAX_LENGTH));
        }
        if (!DNS_SUBDOMAIN.matcher(value).matches()) {
            errors.add(regexError(DNS_SUBDOMAIN_MESSAGE, DNS_SUBDOMAIN_FORMAT, "example.com"));
        }
        return errors;
    }

    private static String maxLengthError(int length) {
        return "must be no more than " + length + " characters";
    }

    // Go's RegexError: the odd "',  or '" spacing is Kubernetes' and clients see it verbatim.
    private static String regexError(String message, String format, String... examples) {
        StringBuilder out = new StringBuilder(message).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                out.append(" or ");
            }
            out.append('\'').append(examples[i]).append("', ");
        }
        return out.append("regex used for validation is '")
                .append(format)
                .append("')")
                .toString();
    }

    /** Go measures strings in UTF-8 bytes; the limits are byte limits. */
    private static int goLength(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return value.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return value.length();
    }
}
