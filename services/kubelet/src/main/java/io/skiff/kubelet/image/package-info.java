/**
 * Images on the node: {@link io.skiff.kubelet.image.OciImageService} pulls them over the OCI
 * distribution protocol (containerd's behaviour and messages) into the content-addressed {@link
 * io.skiff.kubelet.image.ImageStore} under {@code <root-dir>/images}, shared by all pods, where
 * each layer is unpacked once. Runtimes take an image's layers ({@link
 * io.skiff.kubelet.image.ImageStore#layerDirectories}, {@link io.skiff.kubelet.image.ImageStore#layers})
 * and run configuration ({@link io.skiff.kubelet.image.ImageStore#config}) from the store, and
 * {@link io.skiff.kubelet.image.RootfsCopier} builds a root file system where overlayfs is not
 * available. {@link io.skiff.kubelet.image.DockerConfigJson} reads imagePullSecrets and {@link
 * io.skiff.kubelet.image.ImageGarbageCollector} removes unused images by disk usage.
 */
package io.skiff.kubelet.image;
