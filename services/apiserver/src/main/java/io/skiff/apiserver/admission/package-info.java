/**
 * Admission, as kube-apiserver runs it: an ordered chain of plugins between defaulting and storage.
 * Mutating plugins ({@link io.skiff.apiserver.admission.MutatingAdmission}) run after defaulting and
 * before validation; validating plugins ({@link io.skiff.apiserver.admission.ValidatingAdmission})
 * after validation and before the write. Plugins read other objects through {@link
 * io.skiff.apiserver.admission.AdmissionReads} (the watch cache), never through HTTP. The plugins
 * themselves live in sub-packages, one each; {@code admission.plugins} names them and fixes their
 * order.
 */
package io.skiff.apiserver.admission;
