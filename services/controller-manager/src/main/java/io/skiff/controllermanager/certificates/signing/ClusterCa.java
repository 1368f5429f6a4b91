package io.skiff.controllermanager.certificates.signing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** The cluster CA's certificate and private key, read from PEM files (PKCS#8, SEC1 or PKCS#1 keys). */
record ClusterCa(X509Certificate certificate, PrivateKey key) {

    static ClusterCa load(Path certFile, Path keyFile) {
        try {
            return new ClusterCa(certificate(certFile), key(keyFile));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the cluster signing CA from " + certFile + " and " + keyFile, e);
        }
    }

    private static X509Certificate certificate(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file);
                PEMParser parser = new PEMParser(reader)) {
            Object block = parser.readObject();
            if (!(block instanceof X509CertificateHolder holder)) {
                throw new IOException(file + " holds no PEM CERTIFICATE");
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IOException(file + " holds an unreadable certificate", e);
        }
    }

    private static PrivateKey key(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file);
                PEMParser parser = new PEMParser(reader)) {
            Object block = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (block instanceof PEMKeyPair pair) {
                // SEC1 keys need not carry the public half; the private key info is all signing needs.
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (block instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException(file + " holds no PEM private key");
        }
    }
}
