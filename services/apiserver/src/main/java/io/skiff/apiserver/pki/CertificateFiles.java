package io.skiff.apiserver.pki;

import java.nio.file.Path;

/** Where a certificate and its key are, as PEM files. */
public record CertificateFiles(Path certificate, Path privateKey) {}
