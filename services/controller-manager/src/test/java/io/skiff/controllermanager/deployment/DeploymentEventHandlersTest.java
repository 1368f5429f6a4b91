package io.skiff.controllermanager.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.testing.PodMaker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentEventHandlersTest {

    private final CacheIndexer<Deployment> deployments = new CacheIndexer<>();
    private final CacheIndexer<ReplicaSet> replicaSets = new CacheIndexer<>();
    private final CacheIndexer<Pod> pods = new CacheIndexer<>();
    private final List<String> queued = new ArrayList<>();
    private final DeploymentEventHandlers handlers = new DeploymentEventHandlers(
            new Lister<>(deployments), new Lister<>(replicaSets), new Lister<>(pods), queued::add);

    @Test
    void aReplicaSetWakesItsControllingDeployment() {
        Deployment web = DeploymentMaker.web(1).build();
        deployments.put(web);

        handlers.replicaSetAdded(SetMaker.of(web).build());

        assertThat(queued).containsExactly("default/web");
    }

    @Test
    void aReplicaSetOfAReplacedDeploymentWakesNobody() {
        Deployment web = DeploymentMaker.web(1).build();
        deployments.put(new DeploymentBuilder(web)
                .editMetadata()
                .withUid("other")
                .endMetadata()
                .build());

        handlers.replicaSetAdded(SetMaker.of(web).build());

        assertThat(queued).isEmpty();
    }

    @Test
    void anOrphanWakesEveryDeploymentSelectingIt() {
        Deployment web = DeploymentMaker.web(1).build();
        deployments.put(web);
        deployments.put(DeploymentMaker.web(1).emptySelector().build().toBuilder()
                .editMetadata()
                .withName("selects-all")
                .endMetadata()
                .build());

        handlers.replicaSetAdded(SetMaker.of(web).orphan().build());

        assertThat(queued).containsExactly("default/web");
    }

    @Test
    void aResyncWithoutChangeIsIgnoredAndAChangedOwnerWakesBoth() {
        Deployment web = DeploymentMaker.web(1).build();
        Deployment api = new DeploymentBuilder(DeploymentMaker.web(1).build())
                .editMetadata()
                .withName("api")
                .withUid("uid-api")
                .endMetadata()
                .build();
        deployments.put(web);
        deployments.put(api);
        ReplicaSet set = SetMaker.of(web).build();

        handlers.replicaSetUpdated(set, set);
        assertThat(queued).isEmpty();

        ReplicaSet moved = new ReplicaSetBuilder(SetMaker.of(api).build())
                .editMetadata()
                .withResourceVersion("11")
                .endMetadata()
                .build();
        handlers.replicaSetUpdated(set, moved);
        assertThat(queued).containsExactly("default/web", "default/api");
    }

    @Test
    void theLastPodOfARecreateDeploymentGoingAwayWakesIt() {
        Deployment web = DeploymentMaker.web(1).recreate().build();
        deployments.put(web);
        ReplicaSet set = SetMaker.of(web).build();
        replicaSets.put(set);
        Pod first = PodMaker.pod("first").ownedBy(set).build();
        Pod second = PodMaker.pod("second").ownedBy(set).build();
        pods.put(second);

        handlers.podDeleted(first);
        assertThat(queued).as("a pod is left").isEmpty();

        pods.remove(second);
        handlers.podDeleted(second);
        assertThat(queued).containsExactly("default/web");
    }

    @Test
    void podsOfARollingDeploymentWakeNobody() {
        Deployment web = DeploymentMaker.web(1).build();
        deployments.put(web);
        ReplicaSet set = SetMaker.of(web).build();
        replicaSets.put(set);

        handlers.podDeleted(PodMaker.pod("gone").ownedBy(set).build());

        assertThat(queued).isEmpty();
    }
}
