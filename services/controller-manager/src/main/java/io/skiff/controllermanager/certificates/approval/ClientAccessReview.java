package io.skiff.controllermanager.certificates.approval;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.client.KubeClient;
import io.skiff.model.catalog.ResourceType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** POSTs an authorization.k8s.io/v1 SubjectAccessReview through the API client. */
final class ClientAccessReview implements AccessReview {

    /** As discovery describes it, for API servers whose catalog the client does not know it from. */
    static final ResourceType SUBJECT_ACCESS_REVIEWS = new ResourceType(
            "authorization.k8s.io",
            "v1",
            "SubjectAccessReview",
            "subjectaccessreviews",
            "subjectaccessreview",
            List.of(),
            false,
            List.of("create"),
            List.of(),
            List.of(),
            Set.of());

    private final KubeClient client;
    private final Duration timeout;

    ClientAccessReview(KubeClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public Answer mayCreate(
            String user, String uid, List<String> groups, Map<String, List<String>> extra, String subresource) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("group", "certificates.k8s.io");
        attributes.put("resource", "certificatesigningrequests");
        attributes.put("verb", "create");
        attributes.put("subresource", subresource);
        attributes.put("version", "*");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("user", user);
        if (uid != null) {
            spec.put("uid", uid);
        }
        spec.put("groups", groups);
        if (extra != null && !extra.isEmpty()) {
            spec.put("extra", extra);
        }
        spec.put("resourceAttributes", attributes);
        GenericKubernetesResource review = new GenericKubernetesResource();
        review.setApiVersion("authorization.k8s.io/v1");
        review.setKind("SubjectAccessReview");
        review.setAdditionalProperty("spec", spec);
        ResourceType type = client.catalog()
                .byKind("authorization.k8s.io/v1", "SubjectAccessReview")
                .orElse(SUBJECT_ACCESS_REVIEWS);
        GenericKubernetesResource answered;
        try {
            answered = client.resources(type).create(review).block(timeout);
        } catch (RuntimeException e) {
            if (ApiErrors.isNotFound(e)) {
                return Answer.NOT_SERVED;
            }
            throw e;
        }
        Object status =
                answered == null ? null : answered.getAdditionalProperties().get("status");
        boolean allowed = status instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("allowed"));
        return allowed ? Answer.ALLOWED : Answer.DENIED;
    }
}
