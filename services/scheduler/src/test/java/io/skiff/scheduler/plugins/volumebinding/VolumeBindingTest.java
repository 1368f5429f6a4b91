package io.skiff.scheduler.plugins.volumebinding;

import static io.skiff.scheduler.plugins.volumebinding.VolumeBinding.ERR_REASON_NODE_CONFLICT;
import static io.skiff.scheduler.plugins.volumebinding.VolumeBinding.ERR_REASON_PV_NOT_EXIST;
import static io.skiff.scheduler.plugins.volumebinding.VolumeBinding.ERR_REASON_UNBOUND_IMMEDIATE;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.PreFilterResult;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.framework.Status;
import io.skiff.scheduler.testing.NodeMaker;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bound claims' volume node affinity, unbound immediate claims and missing claims, as Kubernetes reports them. */
class VolumeBindingTest {

    private static final Status OK = Status.success();
    private static final Status CONFLICT = Status.unschedulableAndUnresolvable(ERR_REASON_NODE_CONFLICT);
    private static final List<Node> NODES = List.of(
            NodeMaker.node("node-1").label("zone", "z1").build(),
            NodeMaker.node("node-2").label("zone", "z2").build());

    record Case(String name, Pod pod, MapVolumeLister volumes, Status wantPreFilter, List<Status> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(
                        "a pod without claims skips the plugin",
                        pod("p").emptyDir("scratch").build(),
                        new MapVolumeLister(),
                        Status.skip(),
                        List.of()),
                new Case(
                        "a bound claim whose volume has no node affinity fits everywhere",
                        pod("p").pvc("data").build(),
                        new MapVolumeLister().with(boundClaim("data", "pv-1")).with(volume("pv-1", null)),
                        OK,
                        List.of(OK, OK)),
                new Case(
                        "a bound claim's volume node affinity admits only matching nodes",
                        pod("p").pvc("data").build(),
                        new MapVolumeLister().with(boundClaim("data", "pv-1")).with(volume("pv-1", "z1")),
                        OK,
                        List.of(OK, CONFLICT)),
                new Case(
                        "a claim bound by phase without the bind-completed annotation counts as bound",
                        pod("p").pvc("data").build(),
                        new MapVolumeLister()
                                .with(claim("data", "pv-1", null, "Bound", null))
                                .with(volume("pv-1", "z2")),
                        OK,
                        List.of(CONFLICT, OK)),
                new Case(
                        "two bound claims in different zones fit no node",
                        pod("p").pvc("a").pvc("b").build(),
                        new MapVolumeLister()
                                .with(boundClaim("a", "pv-a"))
                                .with(volume("pv-a", "z1"))
                                .with(boundClaim("b", "pv-b"))
                                .with(volume("pv-b", "z2")),
                        OK,
                        List.of(CONFLICT, CONFLICT)),
                new Case(
                        "a bound claim whose volume is gone fits no node",
                        pod("p").pvc("data").build(),
                        new MapVolumeLister().with(boundClaim("data", "pv-gone")),
                        OK,
                        List.of(
                                Status.unschedulableAndUnresolvable(ERR_REASON_PV_NOT_EXIST),
                                Status.unschedulableAndUnresolvable(ERR_REASON_PV_NOT_EXIST))),
                new Case(
                        "a missing claim rejects the pod in PreFilter",
                        pod("p").pvc("nope").build(),
                        new MapVolumeLister(),
                        Status.unschedulableAndUnresolvable("persistentvolumeclaim \"nope\" not found"),
                        List.of()),
                new Case(
                        "an unbound claim without a storage class binds immediately and is waited for",
                        pod("p").pvc("data").build(),
                        new MapVolumeLister().with(claim("data", null, null, "Pending", null)),
                        Status.unschedulableAndUnresolvable(ERR_REASON_UNBOUND_IMMEDIATE),
                        List.of()),
                new Case(
                        "an unbound claim of an Immediate class is waited for",
                        pod("p").pvc("data").build(),
                        new MapVolumeLister()
                                .with(claim("data", null, "fast", "Pending", null))
                                .with(storageClass("fast", "Immediate")),
                        Status.unschedulableAndUnresolvable(ERR_REASON_UNBOUND_IMMEDIATE),
                        List.of()),
                new Case(
                        "a pre-bound claim of a WaitForFirstConsumer class is waited for",
                        pod("p").pvc("data").build(),
                        new MapVolumeLister()
                                .with(claim("data", "pv-1", "local", "Pending", null))
                                .with(storageClass("local", "WaitForFirstConsumer")),
                        Status.unschedulableAndUnresolvable(ERR_REASON_UNBOUND_IMMEDIATE),
                        List.of()),
                new Case(
                        "an unbound claim of a WaitForFirstConsumer class does not restrict nodes",
                        pod("p").pvc("data").build(),
                        new MapVolumeLister()
                                .with(claim("data", null, "local", "Pending", null))
                                .with(storageClass("local", "WaitForFirstConsumer")),
                        OK,
                        List.of(OK, OK)),
                new Case(
                        "the beta storage-class annotation wins over spec.storageClassName",
                        pod("p").pvc("data").build(),
                        new MapVolumeLister()
                                .with(claim(
                                        "data",
                                        null,
                                        "local",
                                        "Pending",
                                        Map.of(VolumeBinding.ANN_STORAGE_CLASS, "fast")))
                                .with(storageClass("local", "WaitForFirstConsumer"))
                                .with(storageClass("fast", "Immediate")),
                        Status.unschedulableAndUnresolvable(ERR_REASON_UNBOUND_IMMEDIATE),
                        List.of()),
                new Case(
                        "a lost claim rejects the pod",
                        pod("p").pvc("data").build(),
                        new MapVolumeLister().with(claim("data", "pv-1", null, "Lost", null)),
                        Status.unschedulableAndUnresolvable(
                                "persistentvolumeclaim \"data\" bound to non-existent persistentvolume \"pv-1\""),
                        List.of()),
                new Case(
                        "a claim being deleted rejects the pod",
                        pod("p").pvc("data").build(),
                        new MapVolumeLister().with(deleting(boundClaim("data", "pv-1"))),
                        Status.unschedulableAndUnresolvable("persistentvolumeclaim \"data\" is being deleted"),
                        List.of()),
                new Case(
                        "an ephemeral volume waits for its claim to be created",
                        pod("web").ephemeralVolume("cache").build(),
                        new MapVolumeLister(),
                        Status.unschedulableAndUnresolvable(
                                "waiting for ephemeral volume controller to create the persistentvolumeclaim"
                                        + " \"web-cache\""),
                        List.of()),
                new Case(
                        "an ephemeral volume's claim must be owned by the pod",
                        pod("web").ephemeralVolume("cache").build(),
                        new MapVolumeLister()
                                .with(boundClaim("web-cache", "pv-1"))
                                .with(volume("pv-1", null)),
                        Status.unschedulableAndUnresolvable(
                                "PVC default/web-cache was not created for pod default/web (pod is not owner)"),
                        List.of()),
                new Case(
                        "an ephemeral volume's bound claim owned by the pod follows its volume's affinity",
                        pod("web").ephemeralVolume("cache").build(),
                        new MapVolumeLister()
                                .with(ownedBy(boundClaim("web-cache", "pv-1"), "uid-web"))
                                .with(volume("pv-1", "z2")),
                        OK,
                        List.of(CONFLICT, OK)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void checksClaimsAndVolumeAffinity(Case c) {
        Snapshot snapshot = Snapshot.of(List.of(), NODES);
        VolumeBinding plugin = new VolumeBinding(c.volumes());
        CycleState state = new CycleState();

        PreFilterResult preFilter = plugin.preFilter(state, c.pod(), snapshot.nodeInfos());

        assertThat(preFilter.status()).isEqualTo(c.wantPreFilter());
        if (!preFilter.status().isSuccess()) {
            return;
        }
        assertThat(preFilter.allNodes()).isTrue();
        List<Status> got = snapshot.nodeInfos().stream()
                .map(nodeInfo -> plugin.filter(state, c.pod(), nodeInfo))
                .toList();
        assertThat(got).isEqualTo(c.want());
    }

    private static PersistentVolumeClaim boundClaim(String name, String volume) {
        return claim(name, volume, null, "Bound", Map.of(VolumeBinding.ANN_BIND_COMPLETED, "yes"));
    }

    private static PersistentVolumeClaim claim(
            String name, String volume, String storageClass, String phase, Map<String, String> annotations) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("default")
                .withAnnotations(annotations == null ? null : new HashMap<>(annotations))
                .endMetadata()
                .withNewSpec()
                .withVolumeName(volume)
                .withStorageClassName(storageClass)
                .endSpec()
                .withNewStatus()
                .withPhase(phase)
                .endStatus()
                .build();
    }

    private static PersistentVolumeClaim deleting(PersistentVolumeClaim claim) {
        return new PersistentVolumeClaimBuilder(claim)
                .editMetadata()
                .withDeletionTimestamp("2024-01-01T00:00:00Z")
                .endMetadata()
                .build();
    }

    private static PersistentVolumeClaim ownedBy(PersistentVolumeClaim claim, String podUid) {
        return new PersistentVolumeClaimBuilder(claim)
                .editMetadata()
                .addNewOwnerReference()
                .withApiVersion("v1")
                .withKind("Pod")
                .withName("web")
                .withUid(podUid)
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .build();
    }

    /** A volume, with required node affinity "zone In (zone)" unless zone is null. */
    private static PersistentVolume volume(String name, String zone) {
        PersistentVolumeBuilder builder = new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .endSpec();
        if (zone != null) {
            builder.editSpec()
                    .withNewNodeAffinity()
                    .withNewRequired()
                    .withNodeSelectorTerms(new NodeSelectorTermBuilder()
                            .withMatchExpressions(new NodeSelectorRequirementBuilder()
                                    .withKey("zone")
                                    .withOperator("In")
                                    .withValues(zone)
                                    .build())
                            .build())
                    .endRequired()
                    .endNodeAffinity()
                    .endSpec();
        }
        return builder.build();
    }

    private static StorageClass storageClass(String name, String bindingMode) {
        return new StorageClassBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withProvisioner("example.com/provisioner")
                .withVolumeBindingMode(bindingMode)
                .build();
    }

    /** A {@link VolumeLister} over fixed objects, as informer caches would hold them. */
    static final class MapVolumeLister implements VolumeLister {
        private final Map<String, PersistentVolumeClaim> claims = new LinkedHashMap<>();
        private final Map<String, PersistentVolume> volumes = new LinkedHashMap<>();
        private final Map<String, StorageClass> classes = new LinkedHashMap<>();

        MapVolumeLister with(PersistentVolumeClaim claim) {
            claims.put(
                    claim.getMetadata().getNamespace() + "/"
                            + claim.getMetadata().getName(),
                    claim);
            return this;
        }

        MapVolumeLister with(PersistentVolume volume) {
            volumes.put(volume.getMetadata().getName(), volume);
            return this;
        }

        MapVolumeLister with(StorageClass storageClass) {
            classes.put(storageClass.getMetadata().getName(), storageClass);
            return this;
        }

        @Override
        public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
            return Optional.ofNullable(claims.get(namespace + "/" + name));
        }

        @Override
        public Optional<PersistentVolume> volume(String name) {
            return Optional.ofNullable(volumes.get(name));
        }

        @Override
        public Optional<StorageClass> storageClass(String name) {
            return Optional.ofNullable(classes.get(name));
        }
    }
}
