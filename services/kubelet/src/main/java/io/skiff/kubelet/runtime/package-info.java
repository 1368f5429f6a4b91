/**
 * Chooses the container runtime the kubelet drives ({@code skiff.kubelet.runtime}). Each runtime
 * lives in a package of its own under this one and knows only the CRI-shaped contract in {@link
 * io.skiff.kubelet.cri}; what they share about a container's lifecycle is in {@link
 * io.skiff.kubelet.runtime.lifecycle}.
 */
package io.skiff.kubelet.runtime;
