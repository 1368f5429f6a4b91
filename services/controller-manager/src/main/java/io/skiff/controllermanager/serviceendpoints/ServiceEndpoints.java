package io.skiff.controllermanager.serviceendpoints;

import io.fabric8.kubernetes.api.model.Service;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The labels, annotations and Service facts both endpoints controllers use. */
public final class ServiceEndpoints {

    /** Set (empty) on the endpoints of a Service without a cluster IP. */
    public static final String HEADLESS_LABEL = "service.kubernetes.io/headless";

    /** When the newest change that led to these endpoints happened (RFC 3339 with nanoseconds). */
    public static final String LAST_CHANGE_TRIGGER_TIME_ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time";

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private ServiceEndpoints() {}

    /** Whether the Service has a cluster IP (helper.IsServiceIPSet): not headless and allocated. */
    public static boolean isServiceIpSet(Service service) {
        String clusterIp = service.getSpec() == null ? null : service.getSpec().getClusterIP();
        return clusterIp != null && !clusterIp.isEmpty() && !clusterIp.equals("None");
    }

    /**
     * Whether the Service wants endpoints from a controller: it selects pods and is not an
     * ExternalName. fabric8 reads an absent selector as an empty map, and the API server never stores
     * an empty one (Kubernetes' omitempty), so empty means "no selector" here, as nil does in
     * Kubernetes: the {@code kubernetes} Service, whose endpoints the API servers write, is one.
     */
    public static boolean selectsPods(Service service) {
        return service.getSpec() != null
                && !"ExternalName".equals(service.getSpec().getType())
                && service.getSpec().getSelector() != null
                && !service.getSpec().getSelector().isEmpty();
    }

    public static boolean publishNotReadyAddresses(Service service) {
        return service.getSpec() != null
                && Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
    }

    /** Go's time.RFC3339Nano in UTC: the fraction only as long as it needs to be. */
    public static String formatTriggerTime(Instant time) {
        StringBuilder text = new StringBuilder(SECONDS.format(time.atOffset(ZoneOffset.UTC)));
        int nanos = time.getNano();
        if (nanos != 0) {
            String fraction = String.format("%09d", nanos).replaceAll("0+$", "");
            text.append('.').append(fraction);
        }
        return text.append('Z').toString();
    }
}
