/**
 * The container runtime interface, shaped like Kubernetes' CRI (k8s.io/cri-api RuntimeService and
 * ImageService) but as plain Java: the kubelet drives pods only through {@link
 * io.skiff.kubelet.cri.RuntimeService} and {@link io.skiff.kubelet.cri.ImageService}, and each
 * runtime (runc, process, hollow) implements them. Calls block; the kubelet calls them from its
 * pod workers, never from an event handler.
 */
package io.skiff.kubelet.cri;
