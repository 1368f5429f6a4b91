package io.skiff.bench.probe;

import java.util.HashMap;
import java.util.Map;

/** The series of one scrape of a Prometheus text endpoint, keyed by name and labels as written. */
record PrometheusSample(Map<String, Double> values) {

    static PrometheusSample parse(String text) {
        Map<String, Double> values = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int labelsEnd = line.lastIndexOf('}');
            int space = line.indexOf(' ', Math.max(labelsEnd, 0));
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

    /**
     * Increase since {@code earlier} of every series of counter {@code name} whose labels contain
     * {@code label="value"}, summed; 0 when there is none.
     */
    double increaseWhere(PrometheusSample earlier, String name, String label, String value) {
        String prefix = name + "{";
        String wanted = label + "=\"" + value + "\"";
        double sum = 0;
        for (Map.Entry<String, Double> series : values.entrySet()) {
            String key = series.getKey();
            if (key.startsWith(prefix) && key.contains(wanted)) {
                sum += series.getValue() - earlier.values.getOrDefault(key, 0.0);
            }
        }
        return sum;
    }
}
