package io.skiff.controllermanager.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.skiff.controllermanager.testing.PodMaker;
import org.junit.jupiter.api.Test;

class DaemonPodsTest {

    @Test
    void pinningReplacesTheRequiredTermsAndKeepsPreferredAffinity() {
        PodSpec spec = new PodSpecBuilder()
                .withAffinity(new AffinityBuilder()
                        .withNewNodeAffinity()
                        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                        .addNewNodeSelectorTerm()
                        .withMatchExpressions(new NodeSelectorRequirementBuilder()
                                .withKey("zone")
                                .withOperator("Exists")
                                .build())
                        .endNodeSelectorTerm()
                        .endRequiredDuringSchedulingIgnoredDuringExecution()
                        .addNewPreferredDuringSchedulingIgnoredDuringExecution()
                        .withWeight(1)
                        .withNewPreference()
                        .endPreference()
                        .endPreferredDuringSchedulingIgnoredDuringExecution()
                        .endNodeAffinity()
                        .build())
                .build();

        DaemonPods.pinToNode(spec, "n7");

        var required = spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        assertThat(required.getNodeSelectorTerms()).hasSize(1);
        assertThat(required.getNodeSelectorTerms().get(0).getMatchExpressions()).isEmpty();
        var field = required.getNodeSelectorTerms().get(0).getMatchFields().get(0);
        assertThat(field.getKey()).isEqualTo("metadata.name");
        assertThat(field.getOperator()).isEqualTo("In");
        assertThat(field.getValues()).containsExactly("n7");
        assertThat(spec.getAffinity().getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                .hasSize(1);
    }

    @Test
    void theTargetNodeIsTheBoundNodeOrElseThePinnedOne() {
        var bound = PodMaker.pod("a").node("n1").build();
        var pinned = PodMaker.pod("b").build();
        DaemonPods.pinToNode(pinned.getSpec(), "n2");
        var loose = PodMaker.pod("c").build();

        assertThat(DaemonPods.targetNode(bound)).contains("n1");
        assertThat(DaemonPods.targetNode(pinned)).contains("n2");
        assertThat(DaemonPods.targetNode(loose)).isEmpty();
    }

    @Test
    void aDaemonTolerationReplacesTheSameTolerationWithASecondsLimit() {
        PodSpec spec = new PodSpecBuilder()
                .withTolerations(new TolerationBuilder()
                        .withKey("node.kubernetes.io/not-ready")
                        .withOperator("Exists")
                        .withEffect("NoExecute")
                        .withTolerationSeconds(300L)
                        .build())
                .build();

        DaemonPods.addDaemonTolerations(spec);

        assertThat(spec.getTolerations())
                .filteredOn(t -> t.getKey().equals("node.kubernetes.io/not-ready"))
                .singleElement()
                .extracting(Toleration::getTolerationSeconds)
                .isNull();
        assertThat(spec.getTolerations()).hasSize(6);
    }
}
