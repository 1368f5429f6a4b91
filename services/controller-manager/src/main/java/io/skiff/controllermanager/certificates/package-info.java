/**
 * What the certificates controllers share (pkg/controller/certificates): the well-known signers,
 * a request's conditions, parsing its PKCS#10 request and the kubelet client certificate rules
 * both the signer and the approver apply. The controllers are in {@code signing}, {@code approval}
 * and {@code cleaner}.
 */
package io.skiff.controllermanager.certificates;
