/**
 * What the runtimes (runtime.runc, runtime.process) share about a container's lifecycle as the
 * kubelet sees it: created, running, exited, and the CRI status that reports it. It knows only the
 * CRI-shaped contract ({@link io.skiff.kubelet.cri}).
 */
package io.skiff.kubelet.runtime.lifecycle;
