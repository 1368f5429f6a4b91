package io.skiff.component.events;

/**
 * Who records: the Event's source and reporting fields, fixed per recorder.
 *
 * @param component source.component, e.g. "default-scheduler", "deployment-controller", "kubelet"
 * @param host source.host: the node for a kubelet, else usually empty
 * @param reportingComponent reportingComponent (events.k8s.io reportingController)
 * @param reportingInstance reportingInstance, e.g. the instance's identity
 */
public record EventOrigin(String component, String host, String reportingComponent, String reportingInstance) {

    public EventOrigin {
        if (component == null || component.isBlank()) {
            throw new IllegalArgumentException("an event origin needs a component");
        }
        host = host == null ? "" : host;
        reportingComponent = reportingComponent == null ? "" : reportingComponent;
        reportingInstance = reportingInstance == null ? "" : reportingInstance;
    }

    /** As client-go's recorder derives them: reportingComponent = component, reportingInstance = host. */
    public static EventOrigin of(String component, String host) {
        return new EventOrigin(component, host, component, host);
    }
}
