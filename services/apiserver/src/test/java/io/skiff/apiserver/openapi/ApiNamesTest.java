package io.skiff.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiNamesTest {

    @ParameterizedTest(name = "group \"{0}\" is {1} in operation IDs and tagged {2}")
    @CsvSource({
        "'', Core, core_v1",
        "apps, Apps, apps_v1",
        "rbac.authorization.k8s.io, RbacAuthorization, rbacAuthorization_v1",
        "networking.k8s.io, Networking, networking_v1",
        "flowcontrol.apiserver.k8s.io, FlowcontrolApiserver, flowcontrolApiserver_v1",
        "stable.example.com, StableExampleCom, stableExampleCom_v1",
    })
    void groupsAreSpelledAsKubernetesSpellsThem(String group, String name, String tag) {
        assertThat(ApiNames.groupName(group)).isEqualTo(name);
        assertThat(ApiNames.tag(group, "v1")).isEqualTo(tag);
    }
}
