/**
 * Pod status as the kubelet computes and writes it (Kubernetes' generateAPIPodStatus and
 * pkg/kubelet/status): {@link io.skiff.kubelet.status.PodStatusGenerator} turns the API pod and what
 * the runtime holds into a PodStatus; {@link io.skiff.kubelet.status.PodStatusManager} keeps the
 * latest per pod and writes it through the status subresource only when it changed, then makes the
 * final delete of a pod that finished terminating. {@link io.skiff.kubelet.status.ProbeResults} is
 * where probe verdicts plug in.
 */
package io.skiff.kubelet.status;
