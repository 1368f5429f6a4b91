package io.skiff.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefinitionNamesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "io.fabric8.kubernetes.api.model.Pod, io.k8s.api.core.v1.Pod",
        "io.fabric8.kubernetes.api.model.Container, io.k8s.api.core.v1.Container",
        "io.fabric8.kubernetes.api.model.ObjectMeta, io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
        "io.fabric8.kubernetes.api.model.LabelSelector, io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector",
        "io.fabric8.kubernetes.api.model.apps.Deployment, io.k8s.api.apps.v1.Deployment",
        "io.fabric8.kubernetes.api.model.batch.v1.CronJob, io.k8s.api.batch.v1.CronJob",
        "io.fabric8.kubernetes.api.model.rbac.ClusterRole, io.k8s.api.rbac.v1.ClusterRole",
        "io.fabric8.kubernetes.api.model.storage.StorageClass, io.k8s.api.storage.v1.StorageClass",
        "io.fabric8.kubernetes.api.model.autoscaling.v1.Scale, io.k8s.api.autoscaling.v1.Scale",
        "io.fabric8.kubernetes.api.model.policy.v1.Eviction, io.k8s.api.policy.v1.Eviction",
        "io.fabric8.kubernetes.api.model.runtime.RawExtension, io.k8s.apimachinery.pkg.runtime.RawExtension",
        "io.fabric8.kubernetes.api.model.version.Info, io.k8s.apimachinery.pkg.version.Info",
    })
    void fabric8ClassesAreNamedAfterTheGoTypesTheyMirror(String fabric8Class, String definition) throws Exception {
        assertThat(DefinitionNames.of(Class.forName(fabric8Class))).isEqualTo(definition);
    }

    @Test
    void otherClassesHaveNoKubernetesName() {
        assertThatThrownBy(() -> DefinitionNames.of(String.class)).isInstanceOf(IllegalArgumentException.class);
    }
}
