/**
 * The kubelet's Prometheus metrics ({@link io.skiff.kubelet.metrics.KubeletMetrics}), named as
 * Kubernetes' pkg/kubelet/metrics names them, served by the actuator's Prometheus endpoint.
 */
package io.skiff.kubelet.metrics;
