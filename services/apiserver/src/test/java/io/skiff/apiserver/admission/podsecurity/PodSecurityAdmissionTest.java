package io.skiff.apiserver.admission.podsecurity;

import static io.skiff.apiserver.admission.InMemoryReads.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.admission.AdmissionRecorder;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.admission.InMemoryReads;
import io.skiff.apiserver.admission.Resources;
import io.skiff.model.api.ApiException;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import org.junit.jupiter.api.Test;

class PodSecurityAdmissionTest {

    private static final ResourceType DEPLOYMENTS =
            ResourceCatalog.builtin().byPlural("apps", "v1", "deployments").orElseThrow();
    private static final String PRIVILEGED_SPEC =
            "{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\",\"securityContext\":{\"privileged\":true}}]}";

    private final InMemoryReads reads = new InMemoryReads();
    private final PodSecurityAdmission plugin = new PodSecurityAdmission(reads);
    private final AdmissionRecorder recorder = new AdmissionRecorder();

    @Test
    void anEnforcedLevelRefusesAViolatingPodWithKubernetesMessage() {
        namespace("{\"pod-security.kubernetes.io/enforce\":\"restricted\"}");
        ApiException refused = catchThrowableOfType(
                ApiException.class,
                () -> plugin.validate(
                        create(pod("x", "{\"containers\":" + "[{\"name\":\"c\",\"image\":\"busybox\"}]}"))));
        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.status().getMessage())
                .isEqualTo(
                        "pods \"x\" is forbidden: violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation"
                                + " != false (container \"c\" must set securityContext.allowPrivilegeEscalation=false),"
                                + " unrestricted capabilities (container \"c\" must set securityContext.capabilities.drop=[\"ALL\"]),"
                                + " runAsNonRoot != true (pod or container \"c\" must set securityContext.runAsNonRoot=true),"
                                + " seccompProfile (pod or container \"c\" must set securityContext.seccompProfile.type to"
                                + " \"RuntimeDefault\" or \"Localhost\")");
        assertThat(recorder.annotations())
                .containsEntry("pod-security.kubernetes.io/enforce-policy", "restricted:latest");
        assertThat(recorder.warnings()).isEmpty();
    }

    @Test
    void aWarnLevelAdmitsWithAWarningAndAnAuditLevelAnnotates() {
        namespace("{\"pod-security.kubernetes.io/warn\":\"baseline\",\"pod-security.kubernetes.io/warn-version\":"
                + "\"v1.30\",\"pod-security.kubernetes.io/audit\":\"baseline\"}");
        plugin.validate(create(pod("x", PRIVILEGED_SPEC)));
        assertThat(recorder.warnings())
                .containsExactly("would violate PodSecurity \"baseline:v1.30\": privileged (container \"c\" must not"
                        + " set securityContext.privileged=true)");
        assertThat(recorder.annotations())
                .containsEntry(
                        "pod-security.kubernetes.io/audit-violations",
                        "would violate PodSecurity \"baseline:latest\": privileged (container \"c\" must not set"
                                + " securityContext.privileged=true)")
                .containsEntry("pod-security.kubernetes.io/enforce-policy", "privileged:latest");
    }

    @Test
    void withoutLabelsEverythingIsPrivilegedAndNothingIsRecorded() {
        namespace("{}");
        plugin.validate(create(pod("x", PRIVILEGED_SPEC)));
        assertThat(recorder.warnings()).isEmpty();
        assertThat(recorder.annotations()).isEmpty();
    }

    @Test
    void anInvalidLevelLabelIsEnforcedAsRestricted() {
        namespace("{\"pod-security.kubernetes.io/enforce\":\"strict\"}");
        ApiException refused =
                catchThrowableOfType(ApiException.class, () -> plugin.validate(create(pod("x", PRIVILEGED_SPEC))));
        assertThat(refused.status().getMessage())
                .startsWith("pods \"x\" is forbidden: violates PodSecurity"
                        + " \"restricted:latest\": privileged (container \"c\" must not set securityContext.privileged=true),"
                        + " allowPrivilegeEscalation != false");
    }

    @Test
    void workloadsAreWarnedButNeverRefused() {
        namespace(
                "{\"pod-security.kubernetes.io/enforce\":\"baseline\",\"pod-security.kubernetes.io/warn\":\"baseline\"}");
        ObjectNode deployment = parse("{\"metadata\":{\"name\":\"d\",\"namespace\":\"ns\"},\"spec\":{\"template\":"
                + "{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":" + PRIVILEGED_SPEC + "}}}");
        plugin.validate(Attributes.create(DEPLOYMENTS, "ns", deployment, false).recordingTo(recorder));
        assertThat(recorder.warnings())
                .containsExactly("would violate PodSecurity \"baseline:latest\": privileged (container \"c\" must not"
                        + " set securityContext.privileged=true)");
    }

    @Test
    void podUpdatesThatChangeNoImageAreNotLookedAtAgain() {
        namespace("{\"pod-security.kubernetes.io/enforce\":\"baseline\"}");
        ObjectNode old = pod("x", PRIVILEGED_SPEC);
        ObjectNode labelled = old.deepCopy();
        labelled.with("metadata").putObject("labels").put("new", "label");
        plugin.validate(Attributes.update(Resources.PODS, "", "ns", "x", labelled, old, false));
        ObjectNode reimaged = old.deepCopy();
        ((ObjectNode) reimaged.at("/spec/containers/0")).put("image", "busybox:2");
        assertThat(catchThrowableOfType(
                                ApiException.class,
                                () -> plugin.validate(
                                        Attributes.update(Resources.PODS, "", "ns", "x", reimaged, old, false)))
                        .code())
                .isEqualTo(403);
    }

    @Test
    void tighteningANamespaceWarnsAboutItsExistingPods() {
        namespace("{}");
        reads.add(Resources.PODS, pod("web-1", PRIVILEGED_SPEC).toString());
        reads.add(Resources.PODS, pod("web-0", PRIVILEGED_SPEC).toString());
        reads.add(
                Resources.PODS, pod("ok", "{\"containers\":[{\"name\":\"c\"}]}").toString());
        ObjectNode old = parse("{\"metadata\":{\"name\":\"ns\"}}");
        ObjectNode labelled = parse("{\"metadata\":{\"name\":\"ns\",\"labels\":"
                + "{\"pod-security.kubernetes.io/enforce\":\"baseline\"}}}");
        plugin.validate(Attributes.update(Resources.NAMESPACES, "", "", "ns", labelled, old, false)
                .recordingTo(recorder));
        assertThat(recorder.warnings())
                .containsExactly(
                        "existing pods in namespace \"ns\" violate the new PodSecurity enforce level \"baseline:latest\"",
                        "web-0 (and 1 other pod): privileged");
    }

    @Test
    void invalidLabelsOnANamespaceAreRefused() {
        ObjectNode namespace = parse(
                "{\"metadata\":{\"name\":\"ns\",\"labels\":" + "{\"pod-security.kubernetes.io/enforce\":\"strict\"}}}");
        ApiException refused = catchThrowableOfType(
                ApiException.class,
                () -> plugin.validate(Attributes.create(Resources.NAMESPACES, "", namespace, false)));
        assertThat(refused.code()).isEqualTo(422);
        assertThat(refused.status().getMessage())
                .isEqualTo("namespaces \"ns\" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid"
                        + " value: \"strict\": must be one of privileged, baseline, restricted");
    }

    private Attributes create(ObjectNode pod) {
        return Attributes.create(Resources.PODS, "ns", pod, false).recordingTo(recorder);
    }

    private void namespace(String labels) {
        reads.add(Resources.NAMESPACES, "{\"metadata\":{\"name\":\"ns\",\"labels\":" + labels + "}}");
    }

    private static ObjectNode pod(String name, String spec) {
        return parse("{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"ns\"},\"spec\":" + spec + "}");
    }
}
