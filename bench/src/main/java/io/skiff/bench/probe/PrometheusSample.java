package io.skiff.bench.probe;

import java.util.HashMap;
import java.util.Map;

/** The unlabelled series of one scrape of a Prometheus text endpoint. */
record PrometheusSample(Map<String, Double> values) {

    static PrometheusSample parse(String text) {
        Map<String, Double> values = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#") || line.contains("{")) {
                continue;
            }
            int space = line.indexOf(' ');
            if (space > 0) {
                try {
                    values.put(
                            line.substring(0, space),
                            Double.parseDouble(line.substring(space + 1).trim()));
                } catch (NumberFormatException e) {
                    // Timestamps or exotic values on series we do not read; skipping them loses nothing.
                }
            }
        }
        return new PrometheusSample(values);
    }

    /** Increase of a counter since {@code earlier}, or NaN when either scrape lacks it. */
    double increase(PrometheusSample earlier, String name) {
        Double now = values.get(name);
        Double then = earlier.values.get(name);
        return now == null || then == null ? Double.NaN : now - then;
    }
}
