package io.skiff.component.client;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.skiff.model.catalog.ResourceType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Asks the API server whether a user may do something: POSTs an authorization.k8s.io/v1
 * SubjectAccessReview, as kube-controller-manager's csrapproving controller and a kubelet's webhook
 * authorizer do.
 */
public final class SubjectAccessReviews {

    /** The review's answer: allowed or not, or the API server does not serve SubjectAccessReviews. */
    public enum Answer {
        ALLOWED,
        DENIED,
        NOT_SERVED
    }

    /** Who asks: a SubjectAccessReview's user, uid, groups and extra. */
    public record Subject(String user, String uid, List<String> groups, Map<String, List<String>> extra) {
        public Subject {
            groups = groups == null ? List.of() : List.copyOf(groups);
            extra = extra == null ? Map.of() : Map.copyOf(extra);
        }
    }

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

    public SubjectAccessReviews(KubeClient client) {
        this.client = client;
    }

    /**
     * Whether {@code subject} may do what {@code resourceAttributes} describe (a
     * SubjectAccessReview's spec.resourceAttributes: verb, group, resource, subresource, name, ...).
     */
    public Mono<Answer> review(Subject subject, Map<String, Object> resourceAttributes) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("user", subject.user());
        if (subject.uid() != null) {
            spec.put("uid", subject.uid());
        }
        spec.put("groups", subject.groups());
        if (!subject.extra().isEmpty()) {
            spec.put("extra", subject.extra());
        }
        spec.put("resourceAttributes", resourceAttributes);
        GenericKubernetesResource review = new GenericKubernetesResource();
        review.setApiVersion("authorization.k8s.io/v1");
        review.setKind("SubjectAccessReview");
        review.setAdditionalProperty("spec", spec);
        ResourceType type = client.catalog()
                .byKind("authorization.k8s.io/v1", "SubjectAccessReview")
                .orElse(SUBJECT_ACCESS_REVIEWS);
        return client.resources(type)
                .create(review)
                .map(SubjectAccessReviews::answer)
                .onErrorResume(ApiErrors::isNotFound, e -> Mono.just(Answer.NOT_SERVED));
    }

    private static Answer answer(GenericKubernetesResource answered) {
        Object status = answered.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("allowed"))
                ? Answer.ALLOWED
                : Answer.DENIED;
    }
}
