/**
 * The kubelet's container environment as Kubernetes builds it, assembled from {@link
 * io.skiff.kubelet.envvars} (variables, DNS, hostnames) and {@link io.skiff.kubelet.volumes}
 * (volumes, mounts, /etc/hosts) for the pod workers' {@link
 * io.skiff.kubelet.container.ContainerEnvironment} seam.
 */
package io.skiff.kubelet.podenv;
