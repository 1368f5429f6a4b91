package io.skiff.kubelet.cri;

/**
 * Credentials for one registry, from an imagePullSecret (kubernetes.io/dockerconfigjson).
 *
 * @param registry the registry host[:port] they are for
 */
public record RegistryCredentials(String registry, String username, String password) {

    @Override
    public String toString() {
        return "RegistryCredentials[registry=" + registry + ", username=" + username + ", password=<hidden>]";
    }
}
