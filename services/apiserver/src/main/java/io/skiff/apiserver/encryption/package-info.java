/**
 * Encryption at rest, as kube-apiserver's {@code --encryption-provider-config}: an
 * EncryptionConfiguration (apiserver.config.k8s.io/v1) names the resources to encrypt and, for each,
 * an ordered list of providers. The first provider encrypts every write; all of them decrypt, so a
 * key can be rotated without downtime. Plugs into the registry as a storage
 * {@link io.skiff.apiserver.storage.ValueTransformer}.
 */
package io.skiff.apiserver.encryption;
