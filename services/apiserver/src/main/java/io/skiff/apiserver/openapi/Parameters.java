package io.skiff.apiserver.openapi;

import java.util.List;

/** The parameters kube-apiserver declares on its resource operations, grouped as its handlers take them. */
final class Parameters {

    private static final String STRING = "string";
    private static final String INTEGER = "integer";
    private static final String BOOLEAN = "boolean";

    static final Parameter NAMESPACE =
            Parameter.path("namespace", "object name and auth scope, such as for teams and projects");
    static final Parameter PRETTY = Parameter.query("pretty", STRING, "If 'true', then the output is pretty printed.");

    static final Parameter DRY_RUN = Parameter.query(
            "dryRun", STRING, "When present, modifications are checked but not persisted. Valid value: All.");
    static final Parameter FIELD_MANAGER =
            Parameter.query("fieldManager", STRING, "Name of the actor making the change; required for apply patches.");
    static final Parameter FIELD_VALIDATION = Parameter.query(
            "fieldValidation",
            STRING,
            "How to treat unknown or duplicate fields in the object sent: Ignore, Warn (the default) or Strict.");
    static final Parameter FORCE = Parameter.query(
            "force", BOOLEAN, "Apply patches only: take over fields other managers own instead of conflicting.");

    static final Parameter GRACE_PERIOD_SECONDS = Parameter.query(
            "gracePeriodSeconds",
            INTEGER,
            "Seconds before the object is deleted; zero deletes immediately, unset uses the kind's default.");
    static final Parameter IGNORE_STORE_READ_ERROR = Parameter.query(
            "ignoreStoreReadErrorWithClusterBreakingPotential",
            BOOLEAN,
            "Delete an object that can no longer be read from storage (unsafe).");
    static final Parameter ORPHAN_DEPENDENTS = Parameter.query(
            "orphanDependents", BOOLEAN, "Deprecated: use propagationPolicy. Whether to orphan dependents.");
    static final Parameter PROPAGATION_POLICY = Parameter.query(
            "propagationPolicy", STRING, "How dependents are garbage collected: Orphan, Background or Foreground.");

    static final Parameter ALLOW_WATCH_BOOKMARKS = Parameter.query(
            "allowWatchBookmarks", BOOLEAN, "Watch only: also send BOOKMARK events carrying a resourceVersion.");
    static final Parameter CONTINUE =
            Parameter.query("continue", STRING, "Token from a previous paginated list to fetch the next page.");
    static final Parameter FIELD_SELECTOR =
            Parameter.query("fieldSelector", STRING, "Select objects by their fields. Defaults to everything.");
    static final Parameter LABEL_SELECTOR =
            Parameter.query("labelSelector", STRING, "Select objects by their labels. Defaults to everything.");
    static final Parameter LIMIT = Parameter.query(
            "limit", INTEGER, "Maximum number of objects in one list response; more are fetched with continue.");
    static final Parameter RESOURCE_VERSION =
            Parameter.query("resourceVersion", STRING, "Constrains which resource versions may serve the request.");
    static final Parameter RESOURCE_VERSION_MATCH = Parameter.query(
            "resourceVersionMatch", STRING, "How resourceVersion applies to a list: Exact or NotOlderThan.");
    static final Parameter SEND_INITIAL_EVENTS = Parameter.query(
            "sendInitialEvents", BOOLEAN, "Watch only: start with the current objects, then a bookmark.");
    static final Parameter TIMEOUT_SECONDS =
            Parameter.query("timeoutSeconds", INTEGER, "Limits how long a list or watch call lasts.");
    static final Parameter WATCH =
            Parameter.query("watch", BOOLEAN, "Watch for changes to the described objects instead of listing them.");

    /** Accepted by every write: create, update, patch and the subresources that create. */
    static final List<Parameter> WRITE = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION);

    /**
     * Patch adds force. kubectl's {@code --validate=strict} looks for fieldValidation among these
     * operation parameters (not the path's) to decide the server validates fields itself.
     */
    static final List<Parameter> PATCH = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE);

    static final List<Parameter> DELETE =
            List.of(DRY_RUN, GRACE_PERIOD_SECONDS, IGNORE_STORE_READ_ERROR, ORPHAN_DEPENDENTS, PROPAGATION_POLICY);

    static final List<Parameter> LIST = List.of(
            ALLOW_WATCH_BOOKMARKS,
            CONTINUE,
            FIELD_SELECTOR,
            LABEL_SELECTOR,
            LIMIT,
            RESOURCE_VERSION,
            RESOURCE_VERSION_MATCH,
            SEND_INITIAL_EVENTS,
            TIMEOUT_SECONDS,
            WATCH);

    /** Delete-collection takes the list options that select the objects and the delete options. */
    static final List<Parameter> DELETE_COLLECTION = List.of(
            CONTINUE,
            DRY_RUN,
            FIELD_SELECTOR,
            GRACE_PERIOD_SECONDS,
            IGNORE_STORE_READ_ERROR,
            LABEL_SELECTOR,
            LIMIT,
            ORPHAN_DEPENDENTS,
            PROPAGATION_POLICY,
            RESOURCE_VERSION,
            RESOURCE_VERSION_MATCH,
            SEND_INITIAL_EVENTS,
            TIMEOUT_SECONDS);

    static final List<Parameter> POD_EXEC = List.of(
            Parameter.query("command", STRING, "The command to run, one argument per command parameter."),
            Parameter.query("container", STRING, "Container in which to run the command; may be omitted for one."),
            Parameter.query("stderr", BOOLEAN, "Redirect the standard error stream of the command."),
            Parameter.query("stdin", BOOLEAN, "Redirect the standard input stream of the command."),
            Parameter.query("stdout", BOOLEAN, "Redirect the standard output stream of the command."),
            Parameter.query("tty", BOOLEAN, "Allocate a terminal for the command."));

    static final List<Parameter> POD_LOG = List.of(
            Parameter.query("container", STRING, "The container whose log to stream; may be omitted for one."),
            Parameter.query("follow", BOOLEAN, "Follow the log stream of the pod."),
            Parameter.query(
                    "insecureSkipTLSVerifyBackend",
                    BOOLEAN,
                    "Skip verifying the serving certificate of the kubelet the log is read from."),
            Parameter.query("limitBytes", INTEGER, "Stop after this many bytes of log."),
            Parameter.query("previous", BOOLEAN, "Return the log of the previous, terminated container."),
            Parameter.query("sinceSeconds", INTEGER, "Only the log written in the last this many seconds."),
            Parameter.query("tailLines", INTEGER, "Only this many lines from the end of the log."),
            Parameter.query("timestamps", BOOLEAN, "Prefix every line with an RFC3339 timestamp."));

    private Parameters() {}

    static Parameter name(String kind) {
        return Parameter.path("name", "name of the " + kind);
    }
}
