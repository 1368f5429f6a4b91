package io.skiff.apiserver.admission.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.admission.AdmissionErrors;
import io.skiff.apiserver.admission.AdmissionReads;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.admission.MutatingAdmission;
import io.skiff.apiserver.admission.Operation;
import io.skiff.apiserver.admission.ValidatingAdmission;
import java.util.Optional;

/**
 * Kubernetes' ServiceAccount plugin (plugin/pkg/admission/serviceaccount): a new pod runs as the
 * ServiceAccount "default" unless it names one, the ServiceAccount must exist, the pod gets the
 * ServiceAccount's imagePullSecrets when it has none of its own, and, unless the pod (or, when the
 * pod does not say, the ServiceAccount) sets {@code automountServiceAccountToken: false}, every
 * container and init container mounts a projected {@code kube-api-access-xxxxx} volume (see {@link
 * TokenVolume}) read-only at {@value TokenVolume#MOUNT_PATH}. Mirror pods are left unchanged and may
 * reference neither ServiceAccounts, Secrets nor token projections.
 */
public final class ServiceAccountAdmission implements MutatingAdmission, ValidatingAdmission {

    public static final String NAME = "ServiceAccount";

    static final String DEFAULT_SERVICE_ACCOUNT = "default";
    static final String MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";

    private final ServiceAccountLookup lookup;
    private final TokenVolume tokenVolume;

    public ServiceAccountAdmission(AdmissionReads reads, TokenVolume tokenVolume) {
        this(new ServiceAccountLookup(reads, ServiceAccountLookup.SLEEP), tokenVolume);
    }

    ServiceAccountAdmission(ServiceAccountLookup lookup, TokenVolume tokenVolume) {
        this.lookup = lookup;
        this.tokenVolume = tokenVolume;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Operation operation) {
        return operation == Operation.CREATE;
    }

    @Override
    public boolean readsStorage(Attributes a) {
        if (ignores(a) || isMirrorPod(a.object())) {
            return false;
        }
        return !lookup.isCached(a.namespace(), serviceAccountName(a.object()).orElse(DEFAULT_SERVICE_ACCOUNT));
    }

    @Override
    public void admit(Attributes a) {
        if (ignores(a) || isMirrorPod(a.object())) {
            return;
        }
        ObjectNode spec = a.object().with("spec");
        if (serviceAccountName(a.object()).isEmpty()) {
            spec.put("serviceAccountName", DEFAULT_SERVICE_ACCOUNT);
        }
        ObjectNode serviceAccount =
                serviceAccount(a, spec.path("serviceAccountName").asText());
        if (shouldAutomount(serviceAccount, spec)) {
            tokenVolume.mount(spec);
        }
        if (spec.path("imagePullSecrets").isEmpty()
                && serviceAccount.get("imagePullSecrets") instanceof ArrayNode secrets
                && !secrets.isEmpty()) {
            ArrayNode copied = spec.putArray("imagePullSecrets");
            for (JsonNode secret : secrets) {
                copied.addObject().put("name", secret.path("name").asText(""));
            }
        }
    }

    @Override
    public void validate(Attributes a) {
        if (ignores(a)) {
            return;
        }
        ObjectNode pod = a.object();
        if (isMirrorPod(pod)) {
            MirrorPods.check(a);
            return;
        }
        Optional<String> name = serviceAccountName(pod);
        if (name.isEmpty()) {
            throw AdmissionErrors.forbidden(
                    a,
                    "no service account specified for pod " + a.namespace() + "/"
                            + pod.path("metadata").path("name").asText(""));
        }
        serviceAccount(a, name.get());
    }

    private ObjectNode serviceAccount(Attributes a, String name) {
        return lookup.find(a.namespace(), name)
                .orElseThrow(() -> AdmissionErrors.forbidden(
                        a,
                        "error looking up service account " + a.namespace() + "/" + name + ": serviceaccount \"" + name
                                + "\" not found"));
    }

    /** The pod's own preference wins, then the ServiceAccount's; mounting is the default. */
    static boolean shouldAutomount(ObjectNode serviceAccount, JsonNode spec) {
        JsonNode pod = spec.get("automountServiceAccountToken");
        if (pod != null && pod.isBoolean()) {
            return pod.asBoolean();
        }
        JsonNode account = serviceAccount.get("automountServiceAccountToken");
        if (account != null && account.isBoolean()) {
            return account.asBoolean();
        }
        return true;
    }

    private static boolean ignores(Attributes a) {
        return !a.isFor("", "pods") || !(a.object() != null && a.object().get("spec") instanceof ObjectNode);
    }

    static boolean isMirrorPod(ObjectNode pod) {
        return pod.path("metadata").path("annotations").has(MIRROR_POD_ANNOTATION);
    }

    private static Optional<String> serviceAccountName(ObjectNode pod) {
        String name = pod.path("spec").path("serviceAccountName").asText("");
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }
}
