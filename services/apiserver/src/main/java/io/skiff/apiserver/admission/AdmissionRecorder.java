package io.skiff.apiserver.admission;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.util.context.ContextView;

/**
 * What admission tells besides yes or no, for one request: warnings for the client (sent as {@code
 * Warning: 299 - "..."} headers, which kubectl prints as {@code Warning: ...}) and annotations for
 * the audit log (admission.Attributes' AddAnnotation), such as PodSecurity's {@code
 * pod-security.kubernetes.io/audit-violations}. The HTTP layer puts one in the request's Reactor
 * context under {@link #CONTEXT_KEY}; without one (internal writes) what plugins record is dropped.
 */
public final class AdmissionRecorder {

    public static final Class<AdmissionRecorder> CONTEXT_KEY = AdmissionRecorder.class;

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Map<String, String> annotations = new ConcurrentHashMap<>();

    /** The request's recorder, or a fresh one whose records nobody reads. */
    public static AdmissionRecorder from(ContextView context) {
        return context.getOrDefault(CONTEXT_KEY, new AdmissionRecorder());
    }

    /** A warning for the client, once however often it is given. */
    public void warn(String warning) {
        if (!warnings.contains(warning)) {
            warnings.add(warning);
        }
    }

    /** An annotation for the audit event of the request. */
    public void annotate(String key, String value) {
        annotations.put(key, value);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public Map<String, String> annotations() {
        return Map.copyOf(annotations);
    }
}
