package io.skiff.kubelet.envvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

/** The kubelet's GeneratePodHostNameAndDomain and GetNodenameForKernel. */
class PodHostnameTest {

    @Test
    void theHostnameIsThePodsNameWithoutADomain() {
        assertThat(PodHostname.of(pod("web-0", null, null), "cluster.local")).isEqualTo(new PodHostname("web-0", ""));
    }

    @Test
    void hostnameAndSubdomainMakeTheDomain() {
        PodHostname name = PodHostname.of(pod("web-0", "db", "backend"), "cluster.local");

        assertThat(name).isEqualTo(new PodHostname("db", "backend.ns1.svc.cluster.local"));
        assertThat(name.kernelHostname(null)).isEqualTo("db");
        assertThat(name.kernelHostname(true)).isEqualTo("db.backend.ns1.svc.cluster.local");
        assertThat(PodHostname.hostnameFile(name.kernelHostname(true))).isEqualTo("db.backend.ns1.svc.cluster.local\n");
    }

    @Test
    void aLongNameIsCutTo63CharactersWithoutATrailingDash() {
        String name = "a".repeat(62) + "-b-c";

        assertThat(PodHostname.of(pod(name, null, null), "cluster.local").hostname())
                .isEqualTo("a".repeat(62));
    }

    @Test
    void anFqdnLongerThanTheKernelTakesIsRefused() {
        PodHostname name = PodHostname.of(pod("web", "h".repeat(40), "sub"), "cluster.local");
        String fqdn = "h".repeat(40) + ".sub.ns1.svc.cluster.local";

        assertThatThrownBy(() -> name.kernelHostname(true))
                .hasMessage("failed to construct FQDN from pod hostname and cluster domain, FQDN " + fqdn
                        + " is too long (64 characters is the max, 66 characters requested)");
    }

    @Test
    void anInvalidHostnameIsRefused() {
        assertThatThrownBy(() -> PodHostname.of(pod("web", "Not_A_Label", null), "cluster.local"))
                .hasMessageStartingWith(
                        "pod Hostname \"Not_A_Label\" is not a valid DNS label: a lowercase RFC 1123 label");
    }

    private static Pod pod(String name, String hostname, String subdomain) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("ns1")
                .endMetadata()
                .withNewSpec()
                .withHostname(hostname)
                .withSubdomain(subdomain)
                .endSpec()
                .build();
    }
}
