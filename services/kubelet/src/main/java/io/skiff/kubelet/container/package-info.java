/**
 * The kubelet's view of containers, between the API's pods and the runtime's sandboxes and
 * containers (Kubernetes' pkg/kubelet/container): a pod as the runtime holds it ({@link
 * io.skiff.kubelet.container.RuntimePod}), the labels that tie runtime objects to pods, and the
 * {@link io.skiff.kubelet.container.ContainerEnvironment} that resolves what a container runs with.
 */
package io.skiff.kubelet.container;
