package io.skiff.component.events;

import io.fabric8.kubernetes.api.model.Event;

/**
 * What the correlator made of an event.
 *
 * @param event the Event to write: new, or (with a patch) the earlier Event it repeats
 * @param patch the JSON merge patch updating the earlier Event, or null to create
 * @param skip true when the spam filter dropped the event
 */
record Correlation(Event event, String patch, boolean skip) {

    boolean isUpdate() {
        return patch != null;
    }

    Correlation skipped() {
        return new Correlation(event, patch, true);
    }
}
