package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Quantity;
import io.skiff.model.quantity.Quantities;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An amount of compute resources in the units the scheduler compares: millicores of cpu, bytes of
 * memory and ephemeral storage, a number of pods, and whole units of each scalar resource (extended
 * resources, hugepages). Immutable: arithmetic returns new values, so node infos and snapshots can
 * share them.
 */
public final class Resource {

    public static final Resource ZERO = new Resource(0, 0, 0, 0, Map.of());

    private final long milliCpu;
    private final long memory;
    private final long ephemeralStorage;
    private final long allowedPodNumber;
    private final Map<String, Long> scalarResources;

    private Resource(
            long milliCpu, long memory, long ephemeralStorage, long allowedPodNumber, Map<String, Long> scalars) {
        this.milliCpu = milliCpu;
        this.memory = memory;
        this.ephemeralStorage = ephemeralStorage;
        this.allowedPodNumber = allowedPodNumber;
        this.scalarResources = scalars;
    }

    /**
     * A resource list (a node's allocatable, a container's requests) read as Kubernetes'
     * Resource.Add reads it: cpu in millis, the rest in whole units rounded up; unknown unprefixed
     * names are ignored.
     */
    public static Resource fromResourceList(Map<String, Quantity> list) {
        if (list == null || list.isEmpty()) {
            return ZERO;
        }
        Builder builder = builder();
        for (Map.Entry<String, Quantity> entry : list.entrySet()) {
            if (entry.getValue() == null) {
                continue;
            }
            builder.add(entry.getKey(), amount(entry.getValue()));
        }
        return builder.build();
    }

    /** The exact amount a fabric8 quantity stands for, with Kubernetes' parsing. */
    public static BigDecimal amount(Quantity quantity) {
        String format = quantity.getFormat() == null ? "" : quantity.getFormat();
        String amount = quantity.getAmount() == null ? "" : quantity.getAmount();
        return Quantities.parse(amount + format);
    }

    /** Quantity.Value(): rounded up, away from zero, to a whole number. */
    public static long wholeUnits(BigDecimal amount) {
        return saturate(amount.setScale(0, RoundingMode.UP));
    }

    /** Quantity.MilliValue(): thousandths rounded up, away from zero. */
    public static long milliUnits(BigDecimal amount) {
        return saturate(amount.scaleByPowerOfTen(3).setScale(0, RoundingMode.UP));
    }

    private static long saturate(BigDecimal whole) {
        if (whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Long.MAX_VALUE;
        }
        if (whole.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
            return Long.MIN_VALUE;
        }
        return whole.longValueExact();
    }

    public static Builder builder() {
        return new Builder();
    }

    public long milliCpu() {
        return milliCpu;
    }

    public long memory() {
        return memory;
    }

    public long ephemeralStorage() {
        return ephemeralStorage;
    }

    /** The "pods" resource: how many pods a node admits. */
    public long allowedPodNumber() {
        return allowedPodNumber;
    }

    /** Scalar resources by name; never null, unmodifiable. */
    public Map<String, Long> scalarResources() {
        return scalarResources;
    }

    /** The amount of one scalar resource, 0 when absent. */
    public long scalar(String name) {
        Long value = scalarResources.get(name);
        return value == null ? 0 : value;
    }

    /** The amount of any resource by its Kubernetes name, 0 when absent or unknown. */
    public long get(String name) {
        switch (name) {
            case ResourceNames.CPU:
                return milliCpu;
            case ResourceNames.MEMORY:
                return memory;
            case ResourceNames.EPHEMERAL_STORAGE:
                return ephemeralStorage;
            case ResourceNames.PODS:
                return allowedPodNumber;
            default:
                return scalar(name);
        }
    }

    /** Whether every amount is zero. */
    public boolean isZero() {
        if (milliCpu != 0 || memory != 0 || ephemeralStorage != 0 || allowedPodNumber != 0) {
            return false;
        }
        for (long value : scalarResources.values()) {
            if (value != 0) {
                return false;
            }
        }
        return true;
    }

    public Resource plus(Resource other) {
        return combine(other, 1);
    }

    public Resource minus(Resource other) {
        return combine(other, -1);
    }

    private Resource combine(Resource other, long sign) {
        if (other.isZero()) {
            return this;
        }
        Map<String, Long> scalars = scalarResources;
        if (!other.scalarResources.isEmpty()) {
            Map<String, Long> merged = new HashMap<>(scalarResources);
            other.scalarResources.forEach((name, value) -> merged.merge(name, sign * value, Long::sum));
            scalars = Collections.unmodifiableMap(merged);
        }
        return new Resource(
                milliCpu + sign * other.milliCpu,
                memory + sign * other.memory,
                ephemeralStorage + sign * other.ephemeralStorage,
                allowedPodNumber + sign * other.allowedPodNumber,
                scalars);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Resource)) {
            return false;
        }
        Resource that = (Resource) other;
        return milliCpu == that.milliCpu
                && memory == that.memory
                && ephemeralStorage == that.ephemeralStorage
                && allowedPodNumber == that.allowedPodNumber
                && withoutZeros(scalarResources).equals(withoutZeros(that.scalarResources));
    }

    private static Map<String, Long> withoutZeros(Map<String, Long> scalars) {
        Map<String, Long> kept = new TreeMap<>();
        scalars.forEach((name, value) -> {
            if (value != 0) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    @Override
    public int hashCode() {
        return Objects.hash(milliCpu, memory, ephemeralStorage, allowedPodNumber, withoutZeros(scalarResources));
    }

    @Override
    public String toString() {
        return "Resource{cpu=" + milliCpu + "m, memory=" + memory + ", ephemeral-storage=" + ephemeralStorage
                + ", pods=" + allowedPodNumber
                + (scalarResources.isEmpty() ? "" : ", " + new TreeMap<>(scalarResources))
                + "}";
    }

    /** Builds a {@link Resource} amount by amount. */
    public static final class Builder {
        private long milliCpu;
        private long memory;
        private long ephemeralStorage;
        private long allowedPodNumber;
        private Map<String, Long> scalars;

        private Builder() {}

        public Builder milliCpu(long value) {
            this.milliCpu = value;
            return this;
        }

        public Builder memory(long value) {
            this.memory = value;
            return this;
        }

        public Builder ephemeralStorage(long value) {
            this.ephemeralStorage = value;
            return this;
        }

        public Builder allowedPodNumber(long value) {
            this.allowedPodNumber = value;
            return this;
        }

        public Builder scalar(String name, long value) {
            if (scalars == null) {
                scalars = new HashMap<>();
            }
            scalars.put(name, value);
            return this;
        }

        /** Adds an exact amount of the named resource, converted to the scheduler's units. */
        public Builder add(String name, BigDecimal amount) {
            switch (name) {
                case ResourceNames.CPU:
                    milliCpu += milliUnits(amount);
                    break;
                case ResourceNames.MEMORY:
                    memory += wholeUnits(amount);
                    break;
                case ResourceNames.PODS:
                    allowedPodNumber += wholeUnits(amount);
                    break;
                case ResourceNames.EPHEMERAL_STORAGE:
                    ephemeralStorage += wholeUnits(amount);
                    break;
                default:
                    if (ResourceNames.isScalar(name)) {
                        if (scalars == null) {
                            scalars = new HashMap<>();
                        }
                        scalars.merge(name, wholeUnits(amount), Long::sum);
                    }
            }
            return this;
        }

        public Resource build() {
            Map<String, Long> frozen = scalars == null ? Map.of() : Collections.unmodifiableMap(new HashMap<>(scalars));
            return new Resource(milliCpu, memory, ephemeralStorage, allowedPodNumber, frozen);
        }
    }
}
