package io.skiff.kubelet.image;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference normalized as Docker and containerd's CRI do it (distribution/reference
 * {@code ParseDockerRef}): a familiar name gets the docker.io domain and, for a single path
 * component, the {@code library/} prefix; a reference without tag or digest gets {@code :latest};
 * one with both keeps only the digest.
 *
 * @param domain the registry host[:port] ("docker.io", "127.0.0.1:5000")
 * @param path the repository inside the registry ("library/busybox")
 * @param tag null when the reference is by digest
 * @param digest null when the reference is by tag
 */
public record ImageReference(String domain, String path, String tag, String digest) {

    static final String DEFAULT_DOMAIN = "docker.io";
    private static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
    private static final String OFFICIAL_REPO_PREFIX = "library/";
    private static final String DEFAULT_TAG = "latest";
    private static final int NAME_TOTAL_LENGTH_MAX = 255;

    // The grammar of distribution/reference (regexp.go), in Java regex syntax.
    private static final String ALPHANUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String REMOTE_NAME = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String DOMAIN_NAME_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN_NAME = DOMAIN_NAME_COMPONENT + "(?:\\." + DOMAIN_NAME_COMPONENT + ")*";
    private static final String IPV6_ADDRESS = "\\[(?:[a-fA-F0-9:]+)\\]";
    private static final String DOMAIN_AND_PORT = "(?:" + DOMAIN_NAME + "|" + IPV6_ADDRESS + ")(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
    private static final String NAME = "(?:" + DOMAIN_AND_PORT + "/)?" + REMOTE_NAME;

    private static final Pattern REFERENCE =
            Pattern.compile("^(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?$");
    private static final Pattern ANCHORED_NAME =
            Pattern.compile("^(?:(" + DOMAIN_AND_PORT + ")/)?(" + REMOTE_NAME + ")$");
    private static final Pattern IDENTIFIER = Pattern.compile("^[a-f0-9]{64}$");

    /**
     * Parses and normalizes {@code reference}.
     *
     * @throws InvalidReferenceException with distribution/reference's message
     */
    public static ImageReference parse(String reference) {
        if (IDENTIFIER.matcher(reference).matches()) {
            throw new InvalidReferenceException(
                    "invalid repository name (" + reference + "), cannot specify 64-byte hexadecimal strings");
        }
        String[] split = splitDockerDomain(reference);
        String remainder = split[1];
        int tagSeparator = remainder.indexOf(':');
        String remote = tagSeparator >= 0 ? remainder.substring(0, tagSeparator) : remainder;
        if (!remote.toLowerCase(Locale.ROOT).equals(remote)) {
            throw new InvalidReferenceException(
                    "invalid reference format: repository name (" + remote + ") must be lowercase");
        }
        return strictParse(split[0] + "/" + remainder).dockerRef();
    }

    /** Whether {@code s} parses as a reference. */
    public static boolean isValid(String s) {
        try {
            parse(s);
            return true;
        } catch (InvalidReferenceException e) {
            return false;
        }
    }

    /** distribution/reference {@code Parse}: the grammar alone, no normalization. */
    private static ImageReference strictParse(String s) {
        Matcher matcher = REFERENCE.matcher(s);
        if (!matcher.matches()) {
            if (s.isEmpty()) {
                throw new InvalidReferenceException("repository name must have at least one component");
            }
            if (REFERENCE.matcher(s.toLowerCase(Locale.ROOT)).matches()) {
                throw new InvalidReferenceException("repository name must be lowercase");
            }
            throw new InvalidReferenceException("invalid reference format");
        }
        String name = matcher.group(1);
        if (name.length() > NAME_TOTAL_LENGTH_MAX) {
            throw new InvalidReferenceException(
                    "repository name must not be more than " + NAME_TOTAL_LENGTH_MAX + " characters");
        }
        Matcher nameMatcher = ANCHORED_NAME.matcher(name);
        if (!nameMatcher.matches()) {
            throw new InvalidReferenceException("invalid reference format");
        }
        String digest = matcher.group(3);
        if (digest != null) {
            Digest.parse(digest);
        }
        String domain = nameMatcher.group(1) == null ? "" : nameMatcher.group(1);
        return new ImageReference(domain, nameMatcher.group(2), matcher.group(2), digest);
    }

    /** Both tag and digest: the digest alone; neither: {@code :latest}. */
    private ImageReference dockerRef() {
        if (digest != null) {
            return new ImageReference(domain, path, null, digest);
        }
        return tag == null ? new ImageReference(domain, path, DEFAULT_TAG, null) : this;
    }

    private static String[] splitDockerDomain(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            return new String[] {DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + name};
        }
        String maybeDomain = name.substring(0, slash);
        String maybeRemoteName = name.substring(slash + 1);
        String domain;
        String remoteName;
        if (maybeDomain.equals("localhost")) {
            domain = maybeDomain;
            remoteName = maybeRemoteName;
        } else if (maybeDomain.equals(LEGACY_DEFAULT_DOMAIN)) {
            domain = DEFAULT_DOMAIN;
            remoteName = maybeRemoteName;
        } else if (maybeDomain.contains(".") || maybeDomain.contains(":")) {
            domain = maybeDomain;
            remoteName = maybeRemoteName;
        } else if (!maybeDomain.toLowerCase(Locale.ROOT).equals(maybeDomain)) {
            // Uppercase namespaces are not allowed, so an uppercase first element is a domain.
            domain = maybeDomain;
            remoteName = maybeRemoteName;
        } else {
            domain = DEFAULT_DOMAIN;
            remoteName = name;
        }
        if (domain.equals(DEFAULT_DOMAIN) && remoteName.indexOf('/') < 0) {
            remoteName = OFFICIAL_REPO_PREFIX + remoteName;
        }
        return new String[] {domain, remoteName};
    }

    /** The repository name with its domain ("docker.io/library/busybox"). */
    public String repository() {
        return domain + "/" + path;
    }

    /** What {@code /v2/<name>/manifests/<object>} takes: the digest, else the tag. */
    public String object() {
        return digest != null ? digest : tag;
    }

    /** The same repository, by digest. */
    public ImageReference withDigest(String manifestDigest) {
        return new ImageReference(domain, path, null, manifestDigest);
    }

    /** The host[:port] to connect to: Docker Hub's registry for docker.io. */
    String registryHost() {
        return DEFAULT_DOMAIN.equals(domain) ? "registry-1.docker.io" : domain;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(repository());
        if (tag != null) {
            s.append(':').append(tag);
        }
        if (digest != null) {
            s.append('@').append(digest);
        }
        return s.toString();
    }
}
