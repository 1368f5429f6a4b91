package io.skiff.controllermanager.nodeipam;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the node IPAM controller ({@code skiff.controllers.node-ipam.*}), IPv4 only.
 *
 * @param enabled false switches the controller off (kube-controller-manager's
 *     --allocate-node-cidrs=false)
 * @param clusterCidr the range node subnets are cut from (--cluster-cidr)
 * @param nodeCidrMaskSize the prefix length of each node's subnet (--node-cidr-mask-size)
 * @param workers how many nodes are synced at once
 */
@ConfigurationProperties("skiff.controllers.node-ipam")
public record NodeIpamProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10.244.0.0/16") String clusterCidr,
        @DefaultValue("24") int nodeCidrMaskSize,
        @DefaultValue("5") int workers) {}
