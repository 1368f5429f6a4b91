package io.skiff.controllermanager.certificates.approval;

import java.util.List;
import java.util.Map;

/**
 * Whether a user may create certificatesigningrequests/{subresource} (a SubjectAccessReview's
 * question, as the csrapproving controller asks it).
 */
interface AccessReview {

    /** The review's answer: allowed or not, or the API server does not serve SubjectAccessReviews. */
    enum Answer {
        ALLOWED,
        DENIED,
        NOT_SERVED
    }

    Answer mayCreate(String user, String uid, List<String> groups, Map<String, List<String>> extra, String subresource);
}
