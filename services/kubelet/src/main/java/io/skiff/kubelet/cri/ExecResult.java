package io.skiff.kubelet.cri;

/** What a command run in a container printed and how it exited; exit code -1 when it timed out. */
public record ExecResult(byte[] stdout, byte[] stderr, int exitCode, boolean timedOut) {}
