package io.skiff.component.client;

/**
 * Query parameters of a list, as client-go's metav1.ListOptions names them. Null means "not sent".
 *
 * @param labelSelector e.g. "app=web,tier!=db"
 * @param fieldSelector e.g. "spec.nodeName=node-1"
 * @param resourceVersion "" or null for a consistent read, "0" for any cached state, or a revision
 * @param resourceVersionMatch "NotOlderThan" or "Exact" (with a resourceVersion)
 * @param limit page size, or null for everything
 * @param continueToken the previous page's continue token
 */
public record ListOptions(
        String labelSelector,
        String fieldSelector,
        String resourceVersion,
        String resourceVersionMatch,
        Integer limit,
        String continueToken) {

    public static ListOptions all() {
        return new ListOptions(null, null, null, null, null, null);
    }

    public ListOptions withLabelSelector(String selector) {
        return new ListOptions(selector, fieldSelector, resourceVersion, resourceVersionMatch, limit, continueToken);
    }

    public ListOptions withFieldSelector(String selector) {
        return new ListOptions(labelSelector, selector, resourceVersion, resourceVersionMatch, limit, continueToken);
    }

    public ListOptions withResourceVersion(String revision) {
        return new ListOptions(labelSelector, fieldSelector, revision, resourceVersionMatch, limit, continueToken);
    }

    public ListOptions withLimit(Integer pageSize) {
        return new ListOptions(
                labelSelector, fieldSelector, resourceVersion, resourceVersionMatch, pageSize, continueToken);
    }

    public ListOptions withContinue(String token) {
        return new ListOptions(labelSelector, fieldSelector, resourceVersion, resourceVersionMatch, limit, token);
    }
}
