package io.skiff.apiserver.defaulting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StatusUpdateStrategiesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T10:00:00.250Z"), ZoneOffset.UTC);
    private static final StatusUpdateStrategies STRATEGIES = new StatusUpdateStrategies(CLOCK);
    private static final ResourceType VOLUMES = Fixtures.type("v1", "PersistentVolume");
    private static final ObjectNode AVAILABLE = Fixtures.yaml("""
            metadata: {name: pv-1}
            status: {phase: Available, lastPhaseTransitionTime: "2024-04-01T00:00:00Z"}
            """);

    @Test
    void aPhaseChangeStampsTheTransitionTime() {
        ObjectNode bound = Fixtures.yaml("""
                metadata: {name: pv-1}
                status: {phase: Bound, lastPhaseTransitionTime: "2024-04-01T00:00:00Z"}
                """);

        STRATEGIES.prepareForStatusUpdate(VOLUMES, bound, AVAILABLE);

        assertThat(bound.at("/status/lastPhaseTransitionTime").asText()).isEqualTo("2024-05-01T10:00:00Z");
    }

    @Test
    void aTransitionTimeTheWriterSetIsKept() {
        ObjectNode bound = Fixtures.yaml("""
                metadata: {name: pv-1}
                status: {phase: Bound, lastPhaseTransitionTime: "2024-04-30T00:00:00Z"}
                """);

        STRATEGIES.prepareForStatusUpdate(VOLUMES, bound, AVAILABLE);

        assertThat(bound.at("/status/lastPhaseTransitionTime").asText()).isEqualTo("2024-04-30T00:00:00Z");
    }

    @Test
    void theSamePhaseKeepsTheTransitionTime() {
        ObjectNode same = AVAILABLE.deepCopy();

        STRATEGIES.prepareForStatusUpdate(VOLUMES, same, AVAILABLE);

        assertThat(same.at("/status/lastPhaseTransitionTime").asText()).isEqualTo("2024-04-01T00:00:00Z");
    }

    @Test
    void otherKindsAreLeftAlone() {
        ObjectNode claim = Fixtures.yaml("status: {phase: Bound}");

        STRATEGIES.prepareForStatusUpdate(
                Fixtures.type("v1", "PersistentVolumeClaim"), claim, Fixtures.yaml("status: {phase: Pending}"));

        assertThat(claim.at("/status").has("lastPhaseTransitionTime")).isFalse();
    }
}
