package io.skiff.apiserver.rest;

import io.skiff.model.api.Statuses;
import java.util.List;
import org.springframework.util.MultiValueMap;

/** The dryRun query parameter: "All" runs every step but the write. */
final class DryRun {

    private DryRun() {}

    static boolean requested(MultiValueMap<String, String> query) {
        List<String> values = query.get("dryRun");
        if (values == null || values.isEmpty()) {
            return false;
        }
        for (String value : values) {
            if (!value.equals("All")) {
                throw Statuses.badRequest("dryRun: Unsupported value: \"" + value + "\": supported values: \"All\"");
            }
        }
        return true;
    }
}
