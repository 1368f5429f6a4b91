package io.skiff.apiserver.admission.limitranger;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.model.quantity.Quantities;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * LimitRanger's min, max and ratio checks with Kubernetes' wording. Values are compared in
 * thousandths where none overflows, else in whole units, as requestLimitEnforcedValues does.
 */
final class Constraints {

    /** resource.MaxMilliValue: the largest value whose thousandths fit an int64. */
    private static final long MAX_MILLI_VALUE = Long.MAX_VALUE / 1000;

    private Constraints() {}

    /** A resource list as name → quantity string, in its order. */
    static Map<String, String> resources(JsonNode list) {
        Map<String, String> resources = new LinkedHashMap<>();
        list.properties().forEach(e -> resources.put(e.getKey(), e.getValue().asText()));
        return resources;
    }

    static Optional<String> min(
            String limitType,
            String resource,
            String enforced,
            Map<String, String> requests,
            Map<String, String> limits) {
        String request = requests.get(resource);
        String limit = limits.get(resource);
        if (request == null) {
            return Optional.of(usage("minimum", resource, limitType, enforced) + ".  No request is specified");
        }
        Observed observed = observed(request, limit, enforced);
        if (observed.request() < observed.enforced()) {
            return Optional.of(usage("minimum", resource, limitType, enforced) + ", but request is " + show(request));
        }
        if (limit != null && observed.limit() < observed.enforced()) {
            return Optional.of(usage("minimum", resource, limitType, enforced) + ", but limit is " + show(limit));
        }
        return Optional.empty();
    }

    static Optional<String> max(
            String limitType,
            String resource,
            String enforced,
            Map<String, String> requests,
            Map<String, String> limits) {
        String request = requests.get(resource);
        String limit = limits.get(resource);
        if (limit == null) {
            return Optional.of(usage("maximum", resource, limitType, enforced) + ".  No limit is specified");
        }
        Observed observed = observed(request, limit, enforced);
        if (observed.limit() > observed.enforced()) {
            return Optional.of(usage("maximum", resource, limitType, enforced) + ", but limit is " + show(limit));
        }
        if (request != null && observed.request() > observed.enforced()) {
            return Optional.of(usage("maximum", resource, limitType, enforced) + ", but request is " + show(request));
        }
        return Optional.empty();
    }

    /** maxRequestConstraint: a maximum checked against the request alone (claims). */
    static Optional<String> maxRequest(
            String limitType, String resource, String enforced, Map<String, String> requests) {
        String request = requests.get(resource);
        if (request == null) {
            return Optional.of(usage("maximum", resource, limitType, enforced) + ".  No request is specified");
        }
        Observed observed = observed(request, null, enforced);
        if (observed.request() > observed.enforced()) {
            return Optional.of(usage("maximum", resource, limitType, enforced) + ", but request is " + show(request));
        }
        return Optional.empty();
    }

    static Optional<String> limitRequestRatio(
            String limitType,
            String resource,
            String enforced,
            Map<String, String> requests,
            Map<String, String> limits) {
        String request = requests.get(resource);
        String limit = limits.get(resource);
        Observed observed = observed(request, limit, enforced);
        if (request == null || observed.request() == 0) {
            return Optional.of(ratio(resource, limitType, enforced) + ", but no request is specified or request is 0");
        }
        if (limit == null || observed.limit() == 0) {
            return Optional.of(ratio(resource, limitType, enforced) + ", but no limit is specified or limit is 0");
        }
        double observedRatio = (double) observed.limit() / (double) observed.request();
        double displayRatio = observedRatio;
        double maxRatio = Quantities.value(enforced);
        if (Quantities.value(enforced) <= MAX_MILLI_VALUE) {
            observedRatio = observedRatio * 1000;
            maxRatio = Quantities.milliValue(enforced);
        }
        if (observedRatio > maxRatio) {
            return Optional.of(ratio(resource, limitType, enforced) + ", but provided ratio is "
                    + String.format(Locale.ROOT, "%f", displayRatio));
        }
        return Optional.empty();
    }

    private record Observed(long request, long limit, long enforced) {}

    private static Observed observed(String request, String limit, String enforced) {
        long requestValue = request == null ? 0 : Quantities.value(request);
        long limitValue = limit == null ? 0 : Quantities.value(limit);
        long enforcedValue = Quantities.value(enforced);
        if (requestValue <= MAX_MILLI_VALUE && limitValue <= MAX_MILLI_VALUE && enforcedValue <= MAX_MILLI_VALUE) {
            return new Observed(
                    request == null ? 0 : Quantities.milliValue(request),
                    limit == null ? 0 : Quantities.milliValue(limit),
                    Quantities.milliValue(enforced));
        }
        return new Observed(requestValue, limitValue, enforcedValue);
    }

    /** "minimum cpu usage per Container is 100m", the start of every min and max refusal. */
    private static String usage(String bound, String resource, String limitType, String enforced) {
        return bound + " " + resource + " usage per " + limitType + " is " + show(enforced);
    }

    private static String ratio(String resource, String limitType, String enforced) {
        return resource + " max limit to request ratio per " + limitType + " is " + show(enforced);
    }

    private static String show(String quantity) {
        return Quantities.canonical(quantity);
    }
}
