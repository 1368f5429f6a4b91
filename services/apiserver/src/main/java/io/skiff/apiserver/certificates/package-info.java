/**
 * certificates.k8s.io: what the API server itself does to CertificateSigningRequests beyond
 * validation (the requester stamped on create, what each update path keeps).
 */
package io.skiff.apiserver.certificates;
