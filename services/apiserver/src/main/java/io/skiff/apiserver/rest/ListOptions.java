package io.skiff.apiserver.rest;

import io.skiff.model.api.Statuses;
import io.skiff.model.selector.FieldSelector;
import io.skiff.model.selector.LabelSelector;
import io.skiff.model.selector.SelectorException;
import java.util.Optional;
import org.springframework.util.MultiValueMap;

/** The query parameters of a list or watch (meta/v1 ListOptions), checked as Kubernetes checks them. */
public record ListOptions(
        LabelSelector labelSelector,
        FieldSelector fieldSelector,
        String resourceVersion,
        String resourceVersionMatch,
        long limit,
        String continueToken,
        boolean watch,
        boolean allowWatchBookmarks,
        Long timeoutSeconds,
        Boolean sendInitialEvents) {

    public static ListOptions from(MultiValueMap<String, String> query, boolean watchPath) {
        try {
            LabelSelector labels = Optional.ofNullable(query.getFirst("labelSelector"))
                    .map(LabelSelector::parse)
                    .orElse(LabelSelector.everything());
            FieldSelector fields = Optional.ofNullable(query.getFirst("fieldSelector"))
                    .map(FieldSelector::parse)
                    .orElse(FieldSelector.everything());
            String rv = query.getFirst("resourceVersion");
            String match = query.getFirst("resourceVersionMatch");
            long limit = parseLong(query.getFirst("limit"), "limit", 0);
            String cont = emptyToNull(query.getFirst("continue"));
            boolean watch = watchPath || isTrue(query.getFirst("watch"));
            Long timeout = query.getFirst("timeoutSeconds") == null
                    ? null
                    : parseLong(query.getFirst("timeoutSeconds"), "timeoutSeconds", 0);
            Boolean sendInitial =
                    query.getFirst("sendInitialEvents") == null ? null : isTrue(query.getFirst("sendInitialEvents"));
            ListOptions options = new ListOptions(
                    labels,
                    fields,
                    emptyToNull(rv),
                    emptyToNull(match),
                    limit,
                    cont,
                    watch,
                    isTrue(query.getFirst("allowWatchBookmarks")),
                    timeout,
                    sendInitial);
            options.check();
            return options;
        } catch (SelectorException e) {
            throw Statuses.badRequest(e.getMessage());
        }
    }

    private void check() {
        if (resourceVersionMatch != null) {
            if (!resourceVersionMatch.equals("NotOlderThan") && !resourceVersionMatch.equals("Exact")) {
                throw Statuses.badRequest("resourceVersionMatch: Unsupported value: \"" + resourceVersionMatch
                        + "\": supported values: \"Exact\", \"NotOlderThan\"");
            }
            if (resourceVersion == null && !Boolean.TRUE.equals(sendInitialEvents)) {
                throw Statuses.badRequest(
                        "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided");
            }
            if (resourceVersionMatch.equals("Exact") && "0".equals(resourceVersion)) {
                throw Statuses.badRequest(
                        "resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
            }
            if (continueToken != null) {
                throw Statuses.badRequest(
                        "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided");
            }
        }
        if (continueToken != null && resourceVersion != null && !resourceVersion.equals("0")) {
            throw Statuses.badRequest("specifying resource version is not allowed when using continue");
        }
        if (sendInitialEvents != null && sendInitialEvents) {
            if (!watch) {
                throw Statuses.badRequest("sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list");
            }
            if (!"NotOlderThan".equals(resourceVersionMatch)) {
                throw Statuses.badRequest(
                        "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
            }
            if (!allowWatchBookmarks) {
                throw Statuses.badRequest(
                        "allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true");
            }
        }
        if (resourceVersion != null) {
            revision();
        }
    }

    /** The resourceVersion as a revision; -1 when unset. */
    public long revision() {
        if (resourceVersion == null) {
            return -1;
        }
        try {
            long rv = Long.parseLong(resourceVersion);
            if (rv < 0) {
                throw new NumberFormatException();
            }
            return rv;
        } catch (NumberFormatException e) {
            throw Statuses.badRequest(
                    "resourceVersion: Invalid value: \"" + resourceVersion + "\": must be a non-negative integer");
        }
    }

    private static long parseLong(String value, String name, long fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw Statuses.badRequest(name + ": Invalid value: \"" + value + "\": must be a non-negative integer");
        }
    }

    static boolean isTrue(String value) {
        return value != null && (value.equals("true") || value.equals("1") || value.equalsIgnoreCase("True"));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
