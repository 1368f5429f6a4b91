/**
 * How the API server reaches kubelets (pods/log, pods/exec): plain HTTP, or TLS with a client
 * certificate, as kube-apiserver's --kubelet-client-certificate.
 */
package io.skiff.apiserver.kubeletclient;
