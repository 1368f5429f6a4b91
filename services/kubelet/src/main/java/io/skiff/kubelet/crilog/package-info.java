/**
 * The CRI container log format, written by the runtimes (runtime.runc, runtime.process) and read by
 * the kubelet's log endpoint (server): its constants and its timestamp live here once.
 */
package io.skiff.kubelet.crilog;
