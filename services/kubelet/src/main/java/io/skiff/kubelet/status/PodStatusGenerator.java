package io.skiff.kubelet.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.skiff.kubelet.container.RuntimePod;
import io.skiff.kubelet.cri.PodSandboxStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A pod's status as the kubelet reports it (Kubernetes' generateAPIPodStatus): phase, the kubelet's
 * conditions (conditions others own are kept), container and init container statuses with probe
 * verdicts applied, pod and host addresses and the QoS class. Pure: the same inputs give the same
 * status; timestamps of transitions and the start time are the {@link PodStatusManager}'s.
 */
public final class PodStatusGenerator {

    private final WaitingReasons reasons;
    private final ProbeResults probes;
    private final List<String> hostIps;

    /**
     * @param hostIps the node's addresses (hostIPs, and podIPs of host-network pods)
     */
    public PodStatusGenerator(WaitingReasons reasons, ProbeResults probes, List<String> hostIps) {
        this.reasons = reasons;
        this.probes = probes;
        this.hostIps = List.copyOf(hostIps);
    }

    /**
     * @param pod the pod as the API server last sent it
     * @param runtime what the runtime holds of it
     * @param previous the status last computed for it (or the API's, the first time)
     * @param runtimeName the prefix of its container IDs
     * @param podIsTerminal the kubelet stopped the pod for good (deleted, or finished)
     */
    public PodStatus generate(
            Pod pod, RuntimePod runtime, PodStatus previous, String runtimeName, boolean podIsTerminal) {
        PodStatus old = previous == null ? new PodStatus() : previous;
        PodStatus api = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        String uid = pod.getMetadata().getUid();
        PodStatus status = new PodStatus();

        status.setQosClass(QosClasses.of(pod));
        List<ContainerStatus> containerStatuses = ContainerStatuses.convert(
                pod, runtime, orEmpty(old.getContainerStatuses()), containers(pod), false, reasons, runtimeName);
        List<ContainerStatus> initStatuses = ContainerStatuses.convert(
                pod, runtime, orEmpty(old.getInitContainerStatuses()), initContainers(pod), true, reasons, runtimeName);
        List<ContainerStatus> all =
                Stream.concat(containerStatuses.stream(), initStatuses.stream()).toList();

        String phase = PodPhases.of(pod, all, podIsTerminal);
        if (!PodPhases.isTerminal(phase)) {
            if (PodPhases.isTerminal(old.getPhase())) {
                phase = old.getPhase();
            } else if (PodPhases.isTerminal(api.getPhase())) {
                phase = api.getPhase();
            }
        }
        if (PodPhases.isTerminal(api.getPhase()) && !api.getPhase().equals(phase)) {
            phase = api.getPhase();
        }
        status.setPhase(phase);
        if (phase.equals(old.getPhase())) {
            status.setReason(old.getReason() != null ? old.getReason() : api.getReason());
            status.setMessage(old.getMessage() != null ? old.getMessage() : api.getMessage());
        }

        applyProbes(uid, containerStatuses, false);
        applyProbes(uid, initStatuses, true);
        status.setContainerStatuses(containerStatuses);
        status.setInitContainerStatuses(initStatuses.isEmpty() ? null : initStatuses);

        List<PodCondition> conditions = new ArrayList<>();
        for (PodCondition condition : orEmpty(api.getConditions())) {
            if (!PodConditions.OWNED_BY_KUBELET.contains(condition.getType())) {
                conditions.add(condition);
            }
        }
        boolean sandboxReady = runtime.latestSandbox()
                .map(sandbox -> sandbox.state() == PodSandboxStatus.SandboxState.READY)
                .orElse(false);
        conditions.add(PodConditions.readyToStartContainers(sandboxReady));
        List<ContainerStatus> initFirst =
                Stream.concat(initStatuses.stream(), containerStatuses.stream()).toList();
        conditions.add(PodConditions.initialized(pod, initFirst, phase));
        conditions.add(PodConditions.ready(pod, conditions, initFirst, phase));
        conditions.add(PodConditions.containersReady(pod, initFirst, phase));
        conditions.add(PodConditions.scheduled());
        status.setConditions(conditions);

        if (!hostIps.isEmpty()) {
            status.setHostIP(hostIps.get(0));
            status.setHostIPs(hostIps.stream().map(HostIP::new).toList());
        }
        List<String> podIps = runtime.ips();
        if (podIps.isEmpty() && isHostNetwork(pod)) {
            podIps = hostIps;
        }
        if (podIps.isEmpty() && old.getPodIPs() != null && !old.getPodIPs().isEmpty()) {
            // A stopped sandbox no longer reports its address; the pod keeps the one it had.
            podIps = old.getPodIPs().stream().map(PodIP::getIp).toList();
        }
        if (!podIps.isEmpty()) {
            status.setPodIP(podIps.get(0));
            status.setPodIPs(podIps.stream().map(PodIP::new).toList());
        }
        status.setStartTime(old.getStartTime() != null ? old.getStartTime() : api.getStartTime());
        status.setNominatedNodeName(api.getNominatedNodeName());
        return status;
    }

    /** The prober manager's UpdatePodStatus: started and ready from the probe verdicts. */
    private void applyProbes(String uid, List<ContainerStatus> statuses, boolean init) {
        for (ContainerStatus status : statuses) {
            boolean running = status.getState() != null && status.getState().getRunning() != null;
            boolean started = running && probes.started(uid, status.getName(), status.getContainerID());
            status.setStarted(started);
            if (init) {
                boolean succeeded = status.getState() != null
                        && status.getState().getTerminated() != null
                        && Integer.valueOf(0)
                                .equals(status.getState().getTerminated().getExitCode());
                status.setReady(succeeded);
            } else {
                status.setReady(started && probes.ready(uid, status.getName(), status.getContainerID()));
            }
        }
    }

    private static boolean isHostNetwork(Pod pod) {
        return Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
    }

    private static List<Container> containers(Pod pod) {
        return orEmpty(pod.getSpec().getContainers());
    }

    private static List<Container> initContainers(Pod pod) {
        return orEmpty(pod.getSpec().getInitContainers());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
