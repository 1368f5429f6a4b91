package io.skiff.component.informer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceEventHandlerTest {

    @Test
    void aHandlerOfFunctionsHandsEachNotificationToItsFunction() {
        List<String> seen = new ArrayList<>();
        ResourceEventHandler<String> handler = ResourceEventHandler.of(
                added -> seen.add("added " + added),
                (before, after) -> seen.add("updated " + before + " to " + after),
                deleted -> seen.add("deleted " + deleted));

        handler.onAdd("a");
        handler.onUpdate("a", "b");
        handler.onDelete("b", false);
        handler.onDelete("c", true);

        assertThat(seen).containsExactly("added a", "updated a to b", "deleted b", "deleted c");
    }
}
