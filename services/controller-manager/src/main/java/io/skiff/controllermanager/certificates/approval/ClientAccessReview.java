package io.skiff.controllermanager.certificates.approval;

import io.skiff.component.client.KubeClient;
import io.skiff.component.client.SubjectAccessReviews;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Asks through the API client's SubjectAccessReviews whether a user may create a CSR subresource. */
final class ClientAccessReview implements AccessReview {

    private final SubjectAccessReviews reviews;
    private final Duration timeout;

    ClientAccessReview(KubeClient client, Duration timeout) {
        this.reviews = new SubjectAccessReviews(client);
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
        SubjectAccessReviews.Answer answer = reviews.review(
                        new SubjectAccessReviews.Subject(user, uid, groups, extra), attributes)
                .block(timeout);
        return Answer.valueOf(answer.name());
    }
}
