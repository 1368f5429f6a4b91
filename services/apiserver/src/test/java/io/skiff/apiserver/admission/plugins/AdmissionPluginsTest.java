package io.skiff.apiserver.admission.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.apiserver.admission.InMemoryReads;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionPluginsTest {

    private static final AdmissionPlugins.Context CONTEXT =
            new AdmissionPlugins.Context(new InMemoryReads(), Clock.systemUTC());

    @Test
    void allPluginsRunByDefaultInKubernetesOrder() {
        assertThat(AdmissionPlugins.chain(List.of(), List.of(), CONTEXT).names())
                .containsExactly(
                        "NamespaceLifecycle",
                        "LimitRanger",
                        "NodeRestriction",
                        "PodSecurity",
                        "Priority",
                        "DefaultTolerationSeconds",
                        "DefaultStorageClass",
                        "ResourceQuota");
    }

    @Test
    void serviceAccountIsOffByDefaultAndRunsAfterLimitRangerWhenEnabled() {
        assertThat(AdmissionPlugins.defaultOn()).doesNotContain("ServiceAccount");
        assertThat(AdmissionPlugins.chain(List.of("ServiceAccount"), List.of(), CONTEXT)
                        .names())
                .containsExactly(
                        "NamespaceLifecycle",
                        "LimitRanger",
                        "ServiceAccount",
                        "NodeRestriction",
                        "PodSecurity",
                        "Priority",
                        "DefaultTolerationSeconds",
                        "DefaultStorageClass",
                        "ResourceQuota");
    }

    @Test
    void disabledPluginsDropOutAndTheOrderIgnoresHowTheyAreNamed() {
        assertThat(AdmissionPlugins.chain(
                                List.of("DefaultStorageClass", "NamespaceLifecycle"),
                                List.of("LimitRanger", "Priority", "PodSecurity"),
                                CONTEXT)
                        .names())
                .containsExactly(
                        "NamespaceLifecycle",
                        "NodeRestriction",
                        "DefaultTolerationSeconds",
                        "DefaultStorageClass",
                        "ResourceQuota");
    }

    @Test
    void unknownOrContradictoryNamesAreRefused() {
        assertThatThrownBy(() -> AdmissionPlugins.chain(List.of("AlwaysPullImages"), List.of(), CONTEXT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("enable-admission-plugins plugin \"AlwaysPullImages\" is unknown");
        assertThatThrownBy(() -> AdmissionPlugins.chain(List.of("Priority"), List.of("Priority"), CONTEXT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
