package io.skiff.apiserver.defaulting;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tag of a container image reference as Kubernetes' parsers.ParseImageName reads it (docker
 * distribution's reference grammar), which decides the default imagePullPolicy.
 */
final class ImageReference {

    private static final String DEFAULT_DOMAIN = "docker.io";
    private static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
    private static final int NAME_TOTAL_LENGTH_MAX = 255;

    private static final String ALPHANUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String HOST =
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])";
    private static final String DOMAIN = HOST + "(?::[0-9]+)?";
    private static final String NAME = "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern REFERENCE = Pattern.compile("(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");
    private static final Pattern HEX_IDENTIFIER = Pattern.compile("[a-f0-9]{64}");

    private ImageReference() {}

    /** SetDefaults_Container: Always for the "latest" tag (explicit or implied), else IfNotPresent. */
    static String defaultPullPolicy(String image) {
        return "latest".equals(effectiveTag(image)) ? "Always" : "IfNotPresent";
    }

    /** The tag, "latest" when neither tag nor digest is given, "" for digests and unparsable names. */
    static String effectiveTag(String image) {
        if (HEX_IDENTIFIER.matcher(image).matches()) {
            return "";
        }
        String domain = DEFAULT_DOMAIN;
        String remainder = image;
        int slash = image.indexOf('/');
        if (slash >= 0) {
            String first = image.substring(0, slash);
            boolean looksLikeDomain = first.contains(".")
                    || first.contains(":")
                    || first.equals("localhost")
                    || !first.toLowerCase(Locale.ROOT).equals(first);
            if (looksLikeDomain) {
                domain = first.equals(LEGACY_DEFAULT_DOMAIN) ? DEFAULT_DOMAIN : first;
                remainder = image.substring(slash + 1);
            }
        }
        if (domain.equals(DEFAULT_DOMAIN) && remainder.indexOf('/') < 0) {
            remainder = "library/" + remainder;
        }
        int colon = remainder.indexOf(':');
        String repository = colon >= 0 ? remainder.substring(0, colon) : remainder;
        if (!repository.toLowerCase(Locale.ROOT).equals(repository)) {
            return "";
        }
        Matcher matcher = REFERENCE.matcher(domain + "/" + remainder);
        if (!matcher.matches() || matcher.group(1).length() > NAME_TOTAL_LENGTH_MAX) {
            return "";
        }
        String tag = matcher.group(2);
        String digest = matcher.group(3);
        if (tag == null) {
            return digest == null ? "latest" : "";
        }
        return tag;
    }
}
