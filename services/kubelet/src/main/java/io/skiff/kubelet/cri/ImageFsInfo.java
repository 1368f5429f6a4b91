package io.skiff.kubelet.cri;

/**
 * @param usedBytes what the image store takes
 * @param capacityBytes the size of the file system it is on
 * @param availableBytes free space on that file system
 */
public record ImageFsInfo(String mountpoint, long usedBytes, long capacityBytes, long availableBytes) {}
