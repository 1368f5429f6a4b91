/**
 * The node agent: registers this kubelet's Node (capacity from the machine, allocatable after the
 * reserved resources, well-known labels, taints, addresses, nodeInfo), keeps its Lease in
 * kube-node-lease renewed, and posts its NodeStatus conditions on change or every report period.
 */
package io.skiff.kubelet.node;
