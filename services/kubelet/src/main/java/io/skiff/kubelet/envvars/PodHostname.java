package io.skiff.kubelet.envvars;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod's hostname and domain as the kubelet generates them (GeneratePodHostNameAndDomain): the
 * hostname is spec.hostname or the pod's name, cut to 63 characters; the domain is {@code
 * <subdomain>.<namespace>.svc.<cluster-domain>} when the pod has a subdomain, else empty.
 *
 * @param hostname the short name
 * @param domain the domain, or empty
 */
public record PodHostname(String hostname, String domain) {

    static final int HOSTNAME_MAX_LENGTH = 63;
    static final int FQDN_MAX_LENGTH = 64;

    private static final String DNS1123_LABEL_ERROR = "a lowercase RFC 1123 label must consist of lower case"
            + " alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g."
            + " 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    /**
     * @throws IllegalArgumentException with Kubernetes' message when spec.hostname or spec.subdomain
     *     is not a DNS label
     */
    public static PodHostname of(Pod pod, String clusterDomain) {
        String podName = pod.getMetadata().getName();
        String hostname = podName;
        String specHostname = pod.getSpec().getHostname();
        if (specHostname != null && !specHostname.isEmpty()) {
            List<String> errors = dns1123LabelErrors(specHostname);
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException(
                        "pod Hostname \"" + specHostname + "\" is not a valid DNS label: " + String.join(";", errors));
            }
            hostname = specHostname;
        }
        hostname = truncate(podName, hostname);
        String domain = "";
        String subdomain = pod.getSpec().getSubdomain();
        if (subdomain != null && !subdomain.isEmpty()) {
            List<String> errors = dns1123LabelErrors(subdomain);
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException(
                        "pod Subdomain \"" + subdomain + "\" is not a valid DNS label: " + String.join(";", errors));
            }
            domain = subdomain + "." + pod.getMetadata().getNamespace() + ".svc." + clusterDomain;
        }
        return new PodHostname(hostname, domain);
    }

    /**
     * The name the kernel gets (the sandbox's hostname and /etc/hostname): the FQDN when the pod
     * asks for it with setHostnameAsFQDN and has a domain, else the short name.
     *
     * @throws IllegalArgumentException when the FQDN does not fit the kernel's 64 characters
     */
    public String kernelHostname(Boolean setHostnameAsFqdn) {
        if (domain.isEmpty() || !Boolean.TRUE.equals(setHostnameAsFqdn)) {
            return hostname;
        }
        String fqdn = hostname + "." + domain;
        if (fqdn.length() > FQDN_MAX_LENGTH) {
            throw new IllegalArgumentException("failed to construct FQDN from pod hostname and cluster domain, FQDN "
                    + fqdn + " is too long (" + FQDN_MAX_LENGTH + " characters is the max, " + fqdn.length()
                    + " characters requested)");
        }
        return fqdn;
    }

    /** The content of /etc/hostname. */
    public static String hostnameFile(String kernelHostname) {
        return kernelHostname + "\n";
    }

    private static String truncate(String podName, String hostname) {
        if (hostname.length() <= HOSTNAME_MAX_LENGTH) {
            return hostname;
        }
        String truncated = hostname.substring(0, HOSTNAME_MAX_LENGTH);
        int end = truncated.length();
        // a hostname must not end with '-' or '.'
        while (end > 0 && (truncated.charAt(end - 1) == '-' || truncated.charAt(end - 1) == '.')) {
            end--;
        }
        if (end == 0) {
            throw new IllegalArgumentException(
                    "hostname for pod \"" + podName + "\" was invalid: \"" + hostname + "\"");
        }
        return truncated.substring(0, end);
    }

    private static List<String> dns1123LabelErrors(String value) {
        List<String> errors = new ArrayList<>();
        if (value.length() > HOSTNAME_MAX_LENGTH) {
            errors.add("must be no more than " + HOSTNAME_MAX_LENGTH + " characters");
        }
        if (!value.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            errors.add(DNS1123_LABEL_ERROR);
        }
        return errors;
    }
}
