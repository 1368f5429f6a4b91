package io.skiff.kubelet.image;

import io.skiff.kubelet.cri.RegistryCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which credentials apply to an image, as Kubernetes' credential keyring decides: a key matches
 * when its host has the image's number of labels, each label matching ({@code *} and {@code ?}
 * globs allowed), the same port, and a path that prefixes the image's repository; Docker Hub
 * images also take the credentials keyed "index.docker.io" (or "docker.io") when nothing else
 * matched. Credentials without a registry apply everywhere.
 */
public final class RegistryCredentialMatcher {

    private static final String DEFAULT_REGISTRY_KEY = "index.docker.io";

    private RegistryCredentialMatcher() {}

    /** The credentials for {@code image}, in the order given. */
    public static List<RegistryCredentials> matching(List<RegistryCredentials> credentials, ImageReference image) {
        String target = image.repository();
        List<RegistryCredentials> matched = new ArrayList<>();
        for (RegistryCredentials candidate : credentials) {
            String key = candidate.registry();
            if (key == null || key.isEmpty() || urlsMatch(key, target)) {
                matched.add(candidate);
            }
        }
        if (matched.isEmpty() && ImageReference.DEFAULT_DOMAIN.equals(image.domain())) {
            for (RegistryCredentials candidate : credentials) {
                String key = DockerConfigJson.registryKey(String.valueOf(candidate.registry()));
                if (key.equals(DEFAULT_REGISTRY_KEY) || key.equals(ImageReference.DEFAULT_DOMAIN)) {
                    matched.add(candidate);
                }
            }
        }
        return matched;
    }

    static boolean urlsMatch(String glob, String target) {
        String[] globParts = hostAndPath(DockerConfigJson.registryKey(glob));
        String[] targetParts = hostAndPath(target);
        String[] globHost = splitPort(globParts[0]);
        String[] targetHost = splitPort(targetParts[0]);
        if (!globHost[1].equals(targetHost[1])) {
            return false;
        }
        String[] globLabels = globHost[0].split("\\.", -1);
        String[] targetLabels = targetHost[0].split("\\.", -1);
        if (globLabels.length != targetLabels.length) {
            return false;
        }
        if (!targetParts[1].startsWith(globParts[1])) {
            return false;
        }
        for (int i = 0; i < globLabels.length; i++) {
            if (!globToRegex(globLabels[i]).matcher(targetLabels[i]).matches()) {
                return false;
            }
        }
        return true;
    }

    private static String[] hostAndPath(String schemeless) {
        int slash = schemeless.indexOf('/');
        return slash < 0
                ? new String[] {schemeless, ""}
                : new String[] {schemeless.substring(0, slash), schemeless.substring(slash)};
    }

    private static String[] splitPort(String host) {
        int bracket = host.lastIndexOf(']');
        int colon = host.lastIndexOf(':');
        if (colon > bracket && colon >= 0) {
            return new String[] {host.substring(0, colon), host.substring(colon + 1)};
        }
        return new String[] {host, ""};
    }

    /** Go's filepath.Match for one host label (case-sensitive, as Kubernetes compares): {@code *}, {@code ?}, {@code [...]}. */
    private static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '[' -> {
                    int end = glob.indexOf(']', i + 1);
                    if (end < 0) {
                        regex.append(Pattern.quote("["));
                    } else {
                        String body = glob.substring(i + 1, end);
                        if (body.startsWith("^")) {
                            body = "^" + body.substring(1).replace("\\", "\\\\").replace("[", "\\[");
                        } else {
                            body = body.replace("\\", "\\\\").replace("[", "\\[");
                        }
                        regex.append('[').append(body).append(']');
                        i = end;
                    }
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
