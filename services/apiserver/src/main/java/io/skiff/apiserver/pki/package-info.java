/**
 * The cluster's public key infrastructure: a certificate authority made on the first start and kept
 * in the data directory, and the certificates it signs (the API server's serving certificate, with
 * the names and addresses clients reach it by; client certificates whose subject is the user: CN the
 * name, O the groups, as Kubernetes' x509 authenticator reads them). Keys are ECDSA P-256, as k3s's.
 */
package io.skiff.apiserver.pki;
