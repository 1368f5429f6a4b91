package io.skiff.apiserver.testing;

import io.skiff.apiserver.pki.CertificateFiles;
import io.skiff.apiserver.pki.PemFiles;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A JDK SSLContext from PEM files: trust one CA, present one client certificate (none if null). */
public final class TlsClientContext {

    private static final char[] NO_PASSWORD = new char[0];

    private TlsClientContext() {}

    public static SSLContext of(Path authority, CertificateFiles client) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", PemFiles.readCertificate(authority));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);

            SSLContext context = SSLContext.getInstance("TLS");
            if (client == null) {
                context.init(null, trust.getTrustManagers(), null);
                return context;
            }
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry(
                    "client", PemFiles.readPrivateKey(client.privateKey()), NO_PASSWORD, new Certificate[] {
                        PemFiles.readCertificate(client.certificate())
                    });
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity, NO_PASSWORD);

            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot make a TLS client context: " + e.getMessage(), e);
        }
    }
}
