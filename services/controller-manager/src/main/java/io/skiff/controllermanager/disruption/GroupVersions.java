package io.skiff.controllermanager.disruption;

/** schema.ParseGroupVersion for the apiVersion of an owner reference. */
final class GroupVersions {

    private GroupVersions() {}

    /**
     * The group of {@code apiVersion}: "" for "v1" (and for ""), "apps" for "apps/v1".
     *
     * @throws IllegalStateException for more than one slash, as Kubernetes rejects it
     */
    static String group(String apiVersion) {
        if (apiVersion == null || apiVersion.isEmpty() || apiVersion.equals("/")) {
            return "";
        }
        int slash = apiVersion.indexOf('/');
        if (slash < 0) {
            return "";
        }
        if (apiVersion.indexOf('/', slash + 1) >= 0) {
            throw new IllegalStateException("unexpected GroupVersion string: " + apiVersion);
        }
        return apiVersion.substring(0, slash);
    }

    /** The version of {@code apiVersion}: "v1" for both "v1" and "apps/v1". */
    static String version(String apiVersion) {
        group(apiVersion);
        if (apiVersion == null || apiVersion.equals("/")) {
            return "";
        }
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    }
}
