/**
 * The {@code process} container runtime: every container is a plain process on the host, sharing
 * the host's network, file system and users; a sandbox is a directory. It knows only the CRI-shaped
 * contract ({@link io.skiff.kubelet.cri}). Its limits (no isolation, no image contents, port clashes
 * between replicas) are described in docs/kubelet.md.
 */
package io.skiff.kubelet.runtime.process;
