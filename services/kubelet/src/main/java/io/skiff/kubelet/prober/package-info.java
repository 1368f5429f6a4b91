/**
 * Container probes as Kubernetes' kubelet runs them (pkg/kubelet/prober, pkg/probe): liveness,
 * readiness and startup probes through exec (the runtime's ExecSync), httpGet, tcpSocket and grpc
 * (grpc.health.v1.Health/Check over h2c).
 *
 * <p>{@link io.skiff.kubelet.prober.ProbeManager} is the entry point: the pod workers add and
 * remove pods; a worker per container and probe type reads the pod's latest status from a {@link
 * io.skiff.kubelet.prober.PodStatusProvider} (the status manager), probes every periodSeconds and
 * keeps a result per container ID, which {@link io.skiff.kubelet.prober.ProbeResultListener}s hear
 * of on each change. The status manager asks {@code started} and {@code ready}; the pod workers
 * ask {@code restartReason} and give the container {@link
 * io.skiff.kubelet.prober.ProbeGracePeriods#killGracePeriodSeconds} to stop. Events go to {@link
 * io.skiff.kubelet.prober.ProbeEvents} ({@link io.skiff.kubelet.prober.RecorderProbeEvents} records
 * them); metrics prober_probe_total and prober_probe_duration_seconds to Micrometer.
 */
package io.skiff.kubelet.prober;
