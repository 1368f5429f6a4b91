/** File-system helpers the kubelet's parts share; plain Java, so runtimes may use them too. */
package io.skiff.kubelet.files;
