/**
 * The API objects pods name (ConfigMaps, Secrets), read the way Kubernetes' kubelet reads them:
 * one list-then-watch per object, by {@code metadata.name} field selector in its namespace, while a
 * pod on this node references it, so that the node authorizer's per-object rules suffice and no
 * kubelet holds the cluster's Secrets.
 */
package io.skiff.kubelet.podobjects;
