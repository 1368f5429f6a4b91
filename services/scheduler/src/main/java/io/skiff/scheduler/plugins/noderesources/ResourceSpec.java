package io.skiff.scheduler.plugins.noderesources;

/** A resource a scoring strategy looks at, with its weight (1-100; 0 means the default, 1). */
public record ResourceSpec(String name, long weight) {

    public ResourceSpec {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("resource name is required");
        }
        if (weight == 0) {
            weight = 1;
        }
        if (weight < 1 || weight > 100) {
            throw new IllegalArgumentException("resource " + name + ": weight must be in [1, 100]: " + weight);
        }
    }
}
