package io.skiff.apiserver.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * The name and key syntax checks of Kubernetes' apimachinery ({@code pkg/util/validation}), with the
 * messages Kubernetes prints. Each check returns what is wrong with the value, or an empty list when it
 * is valid; callers turn the messages into field errors. The checks scan characters by hand instead of
 * using regular expressions because they run for every label, container and port on every write; the
 * expressions still appear in the messages, as in Kubernetes.
 */
public final class NameRules {

    public static final int DNS1123_LABEL_MAX_LENGTH = 63;
    public static final int DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
    public static final int DNS1035_LABEL_MAX_LENGTH = 63;
    public static final int QUALIFIED_NAME_MAX_LENGTH = 63;
    public static final int LABEL_VALUE_MAX_LENGTH = 63;
    public static final int PORT_NAME_MAX_LENGTH = 15;

    static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
    static final String LABEL_KEY_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    static final String LABEL_VALUE_FMT = "(" + LABEL_KEY_FMT + ")?";
    static final String WILDCARD_DNS1123_SUBDOMAIN_FMT = "\\*\\." + DNS1123_SUBDOMAIN_FMT;
    static final String CONFIG_MAP_KEY_FMT = "[-._a-zA-Z0-9]+";
    static final String ENV_VAR_NAME_FMT = "[-._a-zA-Z][-._a-zA-Z0-9]*";
    static final String PERCENT_FMT = "[0-9]+%";
    static final String HTTP_HEADER_NAME_FMT = "[-A-Za-z0-9]+";

    private static final String DNS1123_LABEL_ERROR = regexError(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start"
                    + " and end with an alphanumeric character",
            DNS1123_LABEL_FMT,
            "my-name",
            "123-abc");
    private static final String DNS1123_SUBDOMAIN_ERROR = regexError(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and"
                    + " must start and end with an alphanumeric character",
            DNS1123_SUBDOMAIN_FMT,
            "example.com");
    private static final String DNS1035_LABEL_ERROR = regexError(
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic"
                    + " character, and end with an alphanumeric character",
            DNS1035_LABEL_FMT,
            "my-name",
            "abc-123");
    private static final String LABEL_KEY_ERROR = regexError(
            "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
                    + " alphanumeric character",
            LABEL_KEY_FMT,
            "MyName",
            "my.name",
            "123-abc");
    private static final String LABEL_VALUE_ERROR = regexError(
            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and"
                    + " must start and end with an alphanumeric character",
            LABEL_VALUE_FMT,
            "MyValue",
            "my_value",
            "12345");
    private static final String WILDCARD_ERROR = regexError(
            "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must"
                    + " consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric"
                    + " character",
            WILDCARD_DNS1123_SUBDOMAIN_FMT,
            "*.example.com");
    private static final String CONFIG_MAP_KEY_ERROR = regexError(
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
            CONFIG_MAP_KEY_FMT,
            "key.name",
            "KEY_NAME",
            "key-name");
    private static final String ENV_VAR_NAME_ERROR = regexError(
            "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.',"
                    + " and must not start with a digit",
            ENV_VAR_NAME_FMT,
            "my.env-name",
            "MY_ENV.NAME",
            "MyEnvName1");
    private static final String RELAXED_ENV_VAR_NAME_ERROR =
            "a valid environment variable name must consist only of printable ASCII characters other than '='";
    private static final String PERCENT_ERROR = regexError(
            "a valid percent string must be a numeric string followed by an ending '%'", PERCENT_FMT, "1%", "93%");
    private static final String HTTP_HEADER_NAME_ERROR = regexError(
            "a valid HTTP header must consist of alphanumeric characters or '-'",
            HTTP_HEADER_NAME_FMT,
            "X-Header-Name");

    private NameRules() {}

    /** A DNS label (RFC 1123): namespace names, container and port names. */
    public static List<String> isDns1123Label(String value) {
        List<String> errors = null;
        if (utf8Length(value) > DNS1123_LABEL_MAX_LENGTH) {
            errors = add(errors, maxLenError(DNS1123_LABEL_MAX_LENGTH));
        }
        if (!isLabel(value, 0, value.length())) {
            // Kubernetes explains a valid subdomain separately: with the length checked, only the dots are wrong.
            errors = add(errors, isSubdomain(value) ? "must not contain dots" : DNS1123_LABEL_ERROR);
        }
        return result(errors);
    }

    /** A DNS subdomain (RFC 1123): the name of most objects. */
    public static List<String> isDns1123Subdomain(String value) {
        List<String> errors = null;
        if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) {
            errors = add(errors, maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
        }
        if (!isSubdomain(value)) {
            errors = add(errors, DNS1123_SUBDOMAIN_ERROR);
        }
        return result(errors);
    }

    /** A DNS-1035 label: Service names, which become DNS names that must start with a letter. */
    public static List<String> isDns1035Label(String value) {
        List<String> errors = null;
        if (utf8Length(value) > DNS1035_LABEL_MAX_LENGTH) {
            errors = add(errors, maxLenError(DNS1035_LABEL_MAX_LENGTH));
        }
        int n = value.length();
        boolean valid = n > 0 && isLowerLetter(value.charAt(0)) && isLabel(value, 0, n);
        if (!valid) {
            errors = add(errors, DNS1035_LABEL_ERROR);
        }
        return result(errors);
    }

    /** A wildcard DNS subdomain such as {@code *.example.com}: Ingress hosts. */
    public static List<String> isWildcardDns1123Subdomain(String value) {
        List<String> errors = null;
        if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) {
            errors = add(errors, maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
        }
        if (!value.startsWith("*.") || !isSubdomain(value.substring(2))) {
            errors = add(errors, WILDCARD_ERROR);
        }
        return result(errors);
    }

    /**
     * A qualified name (label key): an optional DNS subdomain prefix and '/', then a name of at most 63
     * alphanumeric characters, '-', '_' or '.'. Also used for annotation keys, finalizers and condition types.
     */
    public static List<String> isQualifiedName(String value) {
        int slash = value.indexOf('/');
        int n = value.length();
        // Every object's labels and annotations pass here: check in place before explaining anything.
        boolean validPrefix = slash < 0
                || (slash > 0
                        && utf8Length(value, 0, slash) <= DNS1123_SUBDOMAIN_MAX_LENGTH
                        && isSubdomain(value, 0, slash));
        boolean validName = utf8Length(value, slash + 1, n) <= QUALIFIED_NAME_MAX_LENGTH
                && isQualifiedNamePart(value, slash + 1, n)
                && value.indexOf('/', slash + 1) < 0;
        if (validPrefix && validName) {
            return List.of();
        }
        List<String> errors = null;
        String name = value;
        if (slash >= 0) {
            if (value.indexOf('/', slash + 1) >= 0) {
                return List.of("a valid label key " + LABEL_KEY_ERROR
                        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            }
            String prefix = value.substring(0, slash);
            name = value.substring(slash + 1);
            if (prefix.isEmpty()) {
                errors = add(errors, "prefix part " + emptyError());
            } else {
                for (String message : isDns1123Subdomain(prefix)) {
                    errors = add(errors, "prefix part " + message);
                }
            }
        }
        if (name.isEmpty()) {
            errors = add(errors, "name part " + emptyError());
        } else if (utf8Length(name) > QUALIFIED_NAME_MAX_LENGTH) {
            errors = add(errors, "name part " + maxLenError(QUALIFIED_NAME_MAX_LENGTH));
        }
        if (!isQualifiedNamePart(name)) {
            errors = add(errors, "name part " + LABEL_KEY_ERROR);
        }
        return result(errors);
    }

    /** A label value: empty, or at most 63 alphanumeric characters, '-', '_' or '.'. */
    public static List<String> isLabelValue(String value) {
        List<String> errors = null;
        if (utf8Length(value) > LABEL_VALUE_MAX_LENGTH) {
            errors = add(errors, maxLenError(LABEL_VALUE_MAX_LENGTH));
        }
        if (!value.isEmpty() && !isQualifiedNamePart(value)) {
            errors = add(errors, LABEL_VALUE_ERROR);
        }
        return result(errors);
    }

    /** A name that must be safe as one segment of a URL path: RBAC object names. */
    public static List<String> isPathSegmentName(String value) {
        if (value.equals(".") || value.equals("..")) {
            return List.of("may not be '" + value + "'");
        }
        return isPathSegmentPrefix(value);
    }

    /** As {@link #isPathSegmentName}, for a prefix a generated suffix will complete. */
    public static List<String> isPathSegmentPrefix(String value) {
        List<String> errors = null;
        if (value.indexOf('/') >= 0) {
            errors = add(errors, "may not contain '/'");
        }
        if (value.indexOf('%') >= 0) {
            errors = add(errors, "may not contain '%'");
        }
        return result(errors);
    }

    /** A ConfigMap or Secret key: it becomes a file name when the data is mounted. */
    public static List<String> isConfigMapKey(String value) {
        List<String> errors = null;
        if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) {
            errors = add(errors, maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
        }
        if (value.isEmpty() || !allMatch(value, 0, NameRules::isConfigKeyChar)) {
            errors = add(errors, CONFIG_MAP_KEY_ERROR);
        }
        return result(chdirPrefix(value, errors));
    }

    /** The classic environment variable name syntax (C-identifier like, also '-' and '.'). */
    public static List<String> isEnvVarName(String value) {
        List<String> errors = null;
        boolean valid = !value.isEmpty() && !isDigit(value.charAt(0)) && allMatch(value, 0, NameRules::isConfigKeyChar);
        if (!valid) {
            errors = add(errors, ENV_VAR_NAME_ERROR);
        }
        return result(chdirPrefix(value, errors));
    }

    /** The relaxed environment variable name syntax Kubernetes enforces by default since 1.32. */
    public static List<String> isRelaxedEnvVarName(String value) {
        List<String> errors = null;
        if (value.isEmpty()) {
            errors = add(errors, "environment variable name " + emptyError());
        }
        if (!allMatch(value, 0, c -> c >= 0x20 && c < 0x7f && c != '=')) {
            errors = add(errors, RELAXED_ENV_VAR_NAME_ERROR);
        }
        return result(errors);
    }

    /** An IANA service name, as container and Service target ports may use instead of a number. */
    public static List<String> isPortName(String value) {
        List<String> errors = null;
        if (utf8Length(value) > PORT_NAME_MAX_LENGTH) {
            errors = add(errors, maxLenError(PORT_NAME_MAX_LENGTH));
        }
        if (value.isEmpty() || !allMatch(value, 0, c -> isLowerLetter(c) || isDigit(c) || c == '-')) {
            errors = add(errors, "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }
        if (!anyMatch(value, NameRules::isLowerLetter)) {
            errors = add(errors, "must contain at least one letter (a-z)");
        }
        if (value.contains("--")) {
            errors = add(errors, "must not contain consecutive hyphens");
        }
        if (!value.isEmpty() && (value.charAt(0) == '-' || value.charAt(value.length() - 1) == '-')) {
            errors = add(errors, "must not begin or end with a hyphen");
        }
        return result(errors);
    }

    /** A port number, 1 to 65535. */
    public static List<String> isPortNumber(long port) {
        return port >= 1 && port <= 65535 ? List.of() : List.of(inclusiveRangeError(1, 65535));
    }

    /** A percentage such as {@code 25%}. */
    public static List<String> isPercent(String value) {
        int n = value.length();
        if (n < 2 || value.charAt(n - 1) != '%') {
            return List.of(PERCENT_ERROR);
        }
        for (int i = 0; i < n - 1; i++) {
            if (!isDigit(value.charAt(i))) {
                return List.of(PERCENT_ERROR);
            }
        }
        return List.of();
    }

    /** An HTTP header name as Go's HTTP library accepts it. */
    public static List<String> isHttpHeaderName(String value) {
        boolean valid = !value.isEmpty() && allMatch(value, 0, c -> isLetter(c) || isDigit(c) || c == '-');
        return valid ? List.of() : List.of(HTTP_HEADER_NAME_ERROR);
    }

    /** Kubernetes' {@code MaxLenError}. */
    public static String maxLenError(int length) {
        return "must be no more than " + length + " characters";
    }

    /** Kubernetes' {@code InclusiveRangeError}. */
    public static String inclusiveRangeError(long low, long high) {
        return "must be between " + low + " and " + high + ", inclusive";
    }

    static String emptyError() {
        return "must be non-empty";
    }

    /** Kubernetes' {@code RegexError}: the explanation, examples and the expression used. */
    static String regexError(String message, String format, String... examples) {
        StringBuilder text = new StringBuilder(message);
        if (examples.length == 0) {
            return text.append(" (regex used for validation is '")
                    .append(format)
                    .append("')")
                    .toString();
        }
        text.append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                text.append(" or ");
            }
            text.append('\'').append(examples[i]).append("', ");
        }
        return text.append("regex used for validation is '")
                .append(format)
                .append("')")
                .toString();
    }

    /** The length Go's {@code len} reports for a string: its UTF-8 bytes. */
    static int utf8Length(String value) {
        return utf8Length(value, 0, value.length());
    }

    private static int utf8Length(String value, int from, int n) {
        int bytes = 0;
        for (int i = from; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Kubernetes masks a trailing dash of a generateName prefix before checking it as a name. */
    static String maskTrailingDash(String name) {
        if (name.endsWith("-")) {
            return name.length() >= 2 ? name.substring(0, name.length() - 2) + "a" : "a";
        }
        return name;
    }

    private static List<String> chdirPrefix(String value, List<String> errors) {
        if (value.equals(".")) {
            return add(errors, "must not be '.'");
        }
        if (value.equals("..")) {
            return add(errors, "must not be '..'");
        }
        if (value.startsWith("..")) {
            return add(errors, "must not start with '..'");
        }
        return errors;
    }

    private static boolean isSubdomain(String value) {
        return isSubdomain(value, 0, value.length());
    }

    private static boolean isSubdomain(String value, int from, int n) {
        if (n <= from) {
            return false;
        }
        int start = from;
        for (int i = from; i <= n; i++) {
            if (i == n || value.charAt(i) == '.') {
                if (!isLabel(value, start, i)) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    private static boolean isLabel(String value, int from, int to) {
        if (to <= from || !isLowerAlphanumeric(value.charAt(from)) || !isLowerAlphanumeric(value.charAt(to - 1))) {
            return false;
        }
        for (int i = from + 1; i < to - 1; i++) {
            char c = value.charAt(i);
            if (!isLowerAlphanumeric(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isQualifiedNamePart(String value) {
        return isQualifiedNamePart(value, 0, value.length());
    }

    private static boolean isQualifiedNamePart(String value, int from, int n) {
        if (n <= from || !isAlphanumeric(value.charAt(from)) || !isAlphanumeric(value.charAt(n - 1))) {
            return false;
        }
        for (int i = from + 1; i < n - 1; i++) {
            char c = value.charAt(i);
            if (!isAlphanumeric(c) && c != '-' && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isConfigKeyChar(char c) {
        return isAlphanumeric(c) || c == '-' || c == '.' || c == '_';
    }

    private static boolean isLowerAlphanumeric(char c) {
        return isLowerLetter(c) || isDigit(c);
    }

    private static boolean isAlphanumeric(char c) {
        return isLetter(c) || isDigit(c);
    }

    private static boolean isLetter(char c) {
        return isLowerLetter(c) || (c >= 'A' && c <= 'Z');
    }

    private static boolean isLowerLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private interface CharTest {
        boolean test(char c);
    }

    private static boolean allMatch(String value, int from, CharTest test) {
        for (int i = from; i < value.length(); i++) {
            if (!test.test(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyMatch(String value, CharTest test) {
        for (int i = 0; i < value.length(); i++) {
            if (test.test(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> add(List<String> errors, String message) {
        List<String> list = errors == null ? new ArrayList<>(2) : errors;
        list.add(message);
        return list;
    }

    private static List<String> result(List<String> errors) {
        return errors == null ? List.of() : List.copyOf(errors);
    }
}
