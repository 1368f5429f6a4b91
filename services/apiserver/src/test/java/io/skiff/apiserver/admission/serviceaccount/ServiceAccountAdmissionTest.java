package io.skiff.apiserver.admission.serviceaccount;

import static io.skiff.apiserver.admission.InMemoryReads.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.admission.InMemoryReads;
import io.skiff.apiserver.admission.Resources;
import io.skiff.model.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ServiceAccountAdmissionTest {

    private final InMemoryReads reads = new InMemoryReads()
            .add(Resources.SERVICE_ACCOUNTS, "{\"metadata\":{\"namespace\":\"ns\",\"name\":\"default\"}}");
    private final List<java.time.Duration> pauses = new ArrayList<>();
    private final ServiceAccountAdmission plugin = plugin(true);

    private ServiceAccountAdmission plugin(boolean withRootCa) {
        return new ServiceAccountAdmission(
                new ServiceAccountLookup(reads, pauses::add), new TokenVolume(withRootCa, new Random(1)));
    }

    @Test
    void aPodWithoutServiceAccountRunsAsDefaultAndMountsTheApiAccessVolumeInEveryContainer() {
        ObjectNode pod =
                pod("{\"initContainers\":[{\"name\":\"i\"}],\"containers\":[{\"name\":\"a\"},{\"name\":\"b\"}]}");
        admit(pod);
        assertThat(pod.at("/spec/serviceAccountName").asText()).isEqualTo("default");
        JsonNode volume = pod.at("/spec/volumes/0");
        String name = volume.path("name").asText();
        assertThat(name).matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}");
        assertThat(volume.path("projected").toString())
                .isEqualTo(
                        parse("{\"sources\":[{\"serviceAccountToken\":{\"expirationSeconds\":3607,\"path\":\"token\"}},"
                                        + "{\"configMap\":{\"name\":\"kube-root-ca.crt\",\"items\":[{\"key\":\"ca.crt\",\"path\":\"ca.crt\"}]}},"
                                        + "{\"downwardAPI\":{\"items\":[{\"path\":\"namespace\",\"fieldRef\":{\"apiVersion\":\"v1\","
                                        + "\"fieldPath\":\"metadata.namespace\"}}]}}],\"defaultMode\":420}")
                                .toString());
        for (String pointer : List.of("/spec/initContainers/0", "/spec/containers/0", "/spec/containers/1")) {
            assertThat(pod.at(pointer + "/volumeMounts/0"))
                    .isEqualTo(parse("{\"name\":\"" + name
                            + "\",\"readOnly\":true,\"mountPath\":\"/var/run/secrets/kubernetes.io/serviceaccount\"}"));
        }
    }

    @Test
    void withoutTlsTheVolumeLeavesTheRootCaConfigMapOut() {
        ObjectNode pod = pod("{\"containers\":[{\"name\":\"a\"}]}");
        plugin(false).admit(create(pod));
        JsonNode sources = pod.at("/spec/volumes/0/projected/sources");
        assertThat(sources).hasSize(2);
        assertThat(sources.get(0).has("serviceAccountToken")).isTrue();
        assertThat(sources.get(1).has("downwardAPI")).isTrue();
    }

    @Test
    void aContainerThatAlreadyMountsTheTokenPathIsLeftAlone() {
        ObjectNode pod = pod("{\"volumes\":[{\"name\":\"mine\",\"emptyDir\":{}}],\"containers\":["
                + "{\"name\":\"a\",\"volumeMounts\":[{\"name\":\"mine\",\"mountPath\":\"/var/run/secrets/kubernetes.io/serviceaccount\"}]},"
                + "{\"name\":\"b\"}]}");
        admit(pod);
        assertThat(pod.at("/spec/containers/0/volumeMounts")).hasSize(1);
        assertThat(pod.at("/spec/containers/1/volumeMounts/0/name").asText()).startsWith("kube-api-access-");
        assertThat(pod.at("/spec/volumes")).hasSize(2);
    }

    @Test
    void whenEveryContainerMountsTheTokenPathNoVolumeIsAdded() {
        ObjectNode pod = pod(
                "{\"volumes\":[{\"name\":\"mine\",\"emptyDir\":{}}],\"containers\":["
                        + "{\"name\":\"a\",\"volumeMounts\":[{\"name\":\"mine\",\"mountPath\":\"/var/run/secrets/kubernetes.io/serviceaccount\"}]}]}");
        admit(pod);
        assertThat(pod.at("/spec/volumes")).hasSize(1);
    }

    @Test
    void anExistingApiAccessVolumeIsReusedNotDuplicated() {
        ObjectNode pod = pod(
                "{\"volumes\":[{\"name\":\"kube-api-access-abcde\",\"emptyDir\":{}}],\"containers\":[{\"name\":\"a\"}]}");
        admit(pod);
        assertThat(pod.at("/spec/volumes")).hasSize(1);
        assertThat(pod.at("/spec/containers/0/volumeMounts/0/name").asText()).isEqualTo("kube-api-access-abcde");
    }

    @Test
    void thePodsAutomountFalseWinsOverTheServiceAccount() {
        reads.add(
                Resources.SERVICE_ACCOUNTS,
                "{\"metadata\":{\"namespace\":\"ns\",\"name\":\"robot\"},\"automountServiceAccountToken\":true}");
        ObjectNode pod = pod("{\"serviceAccountName\":\"robot\",\"automountServiceAccountToken\":false,"
                + "\"containers\":[{\"name\":\"a\"}]}");
        admit(pod);
        assertThat(pod.at("/spec/volumes").isMissingNode()).isTrue();
        assertThat(pod.at("/spec/containers/0/volumeMounts").isMissingNode()).isTrue();
    }

    @Test
    void theServiceAccountsAutomountFalseAppliesWhenThePodDoesNotSay() {
        reads.add(
                Resources.SERVICE_ACCOUNTS,
                "{\"metadata\":{\"namespace\":\"ns\",\"name\":\"robot\"},\"automountServiceAccountToken\":false}");
        ObjectNode pod = pod("{\"serviceAccountName\":\"robot\",\"containers\":[{\"name\":\"a\"}]}");
        admit(pod);
        assertThat(pod.at("/spec/volumes").isMissingNode()).isTrue();
        ObjectNode forced = pod("{\"serviceAccountName\":\"robot\",\"automountServiceAccountToken\":true,"
                + "\"containers\":[{\"name\":\"a\"}]}");
        admit(forced);
        assertThat(forced.at("/spec/volumes")).hasSize(1);
    }

    @Test
    void theServiceAccountsImagePullSecretsAreCopiedWhenThePodHasNone() {
        reads.add(
                Resources.SERVICE_ACCOUNTS,
                "{\"metadata\":{\"namespace\":\"ns\",\"name\":\"robot\"},\"imagePullSecrets\":[{\"name\":\"registry\"}]}");
        ObjectNode pod = pod("{\"serviceAccountName\":\"robot\",\"containers\":[{\"name\":\"a\"}]}");
        admit(pod);
        assertThat(pod.at("/spec/imagePullSecrets").toString()).isEqualTo("[{\"name\":\"registry\"}]");
    }

    @Test
    void aServiceAccountThatDoesNotExistIsForbiddenWithKubernetesMessage() {
        ObjectNode pod = pod("{\"serviceAccountName\":\"ghost\",\"containers\":[{\"name\":\"a\"}]}");
        ApiException refused = catchThrowableOfType(ApiException.class, () -> admit(pod));
        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.status().getMessage())
                .isEqualTo(
                        "pods \"p\" is forbidden: error looking up service account ns/ghost: serviceaccount \"ghost\" not found");
        assertThat(pauses).isEmpty();
    }

    @Test
    void theDefaultServiceAccountIsLookedForTenTimesLiveBeforeGivingUp() {
        ObjectNode pod = pod("{\"containers\":[{\"name\":\"a\"}]}");
        ApiException refused = catchThrowableOfType(
                ApiException.class, () -> plugin.admit(Attributes.create(Resources.PODS, "other", pod, false)));
        assertThat(refused.status().getMessage())
                .isEqualTo(
                        "pods \"p\" is forbidden: error looking up service account other/default: serviceaccount \"default\" not found");
        assertThat(pauses).hasSize(9).allSatisfy(d -> assertThat(d.toMillis()).isBetween(100L, 199L));
    }

    @Test
    void aServiceAccountTheCacheHasNotSeenYetIsFoundByALiveReadOffTheEventLoop() {
        reads.addStoredOnly(Resources.SERVICE_ACCOUNTS, "{\"metadata\":{\"namespace\":\"ns\",\"name\":\"fresh\"}}");
        ObjectNode pod = pod("{\"serviceAccountName\":\"fresh\",\"containers\":[{\"name\":\"a\"}]}");
        Attributes attributes = create(pod);
        assertThat(plugin.readsStorage(attributes)).isTrue();
        plugin.admit(attributes);
        plugin.validate(attributes);
        assertThat(pod.at("/spec/volumes")).hasSize(1);
        assertThat(plugin.readsStorage(create(pod("{\"containers\":[]}")))).isFalse();
    }

    @Test
    void mirrorPodsAreNotChangedAndMayNotReferenceServiceAccountsOrSecrets() {
        ObjectNode mirror = mirrorPod("{\"containers\":[{\"name\":\"a\"}]}");
        admit(mirror);
        assertThat(mirror.at("/spec/serviceAccountName").isMissingNode()).isTrue();
        assertThat(mirror.at("/spec/volumes").isMissingNode()).isTrue();
        assertThat(refusal(mirrorPod("{\"serviceAccountName\":\"default\",\"containers\":[{\"name\":\"a\"}]}")))
                .isEqualTo("pods \"p\" is forbidden: a mirror pod may not reference service accounts");
        assertThat(refusal(mirrorPod("{\"volumes\":[{\"name\":\"s\",\"secret\":{\"secretName\":\"x\"}}],"
                        + "\"containers\":[{\"name\":\"a\"}]}")))
                .isEqualTo("pods \"p\" is forbidden: a mirror pod may not reference secrets");
        assertThat(refusal(mirrorPod("{\"containers\":[{\"name\":\"a\",\"env\":[{\"name\":\"E\",\"valueFrom\":"
                        + "{\"secretKeyRef\":{\"name\":\"x\",\"key\":\"k\"}}}]}]}")))
                .isEqualTo("pods \"p\" is forbidden: a mirror pod may not reference secrets");
        assertThat(refusal(mirrorPod("{\"volumes\":[{\"name\":\"t\",\"projected\":{\"sources\":["
                        + "{\"serviceAccountToken\":{\"path\":\"token\"}}]}}],\"containers\":[{\"name\":\"a\"}]}")))
                .isEqualTo("pods \"p\" is forbidden: a mirror pod may not use ServiceAccountToken volume projections");
    }

    @Test
    void otherResourcesAndSubresourcesAreIgnored() {
        ObjectNode configMap = parse("{\"metadata\":{\"name\":\"c\",\"namespace\":\"ns\"},\"spec\":{}}");
        plugin.admit(Attributes.create(Resources.LIMIT_RANGES, "ns", configMap, false));
        assertThat(configMap.at("/spec/serviceAccountName").isMissingNode()).isTrue();
    }

    private String refusal(ObjectNode pod) {
        return catchThrowableOfType(ApiException.class, () -> admit(pod))
                .status()
                .getMessage();
    }

    private void admit(ObjectNode pod) {
        Attributes attributes = create(pod);
        plugin.admit(attributes);
        plugin.validate(attributes);
    }

    private static Attributes create(ObjectNode pod) {
        return Attributes.create(Resources.PODS, "ns", pod, false);
    }

    private static ObjectNode pod(String spec) {
        return parse("{\"metadata\":{\"name\":\"p\",\"namespace\":\"ns\"},\"spec\":" + spec + "}");
    }

    private static ObjectNode mirrorPod(String spec) {
        return parse("{\"metadata\":{\"name\":\"p\",\"namespace\":\"ns\",\"annotations\":"
                + "{\"kubernetes.io/config.mirror\":\"abc\"}},\"spec\":" + spec + "}");
    }
}
