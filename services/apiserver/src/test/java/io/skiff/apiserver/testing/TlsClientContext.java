package io.skiff.apiserver.testing;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.skiff.apiserver.pki.CertificateFiles;
import io.skiff.apiserver.pki.PemFiles;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** A JDK SSLContext from PEM files: trust one CA (or any server), present one client certificate (none if null). */
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
            return context(trust.getTrustManagers(), client);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot make a TLS client context: " + e.getMessage(), e);
        }
    }

    /** Taking any server's certificate as it comes: for kubelets' self-signed ones. */
    public static SSLContext anyServer(CertificateFiles client) {
        try {
            return context(InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), client);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot make a TLS client context: " + e.getMessage(), e);
        }
    }

    private static SSLContext context(TrustManager[] trust, CertificateFiles client)
            throws GeneralSecurityException, java.io.IOException {
        SSLContext context = SSLContext.getInstance("TLS");
        KeyManager[] keys = null;
        if (client != null) {
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry(
                    "client", PemFiles.readPrivateKey(client.privateKey()), NO_PASSWORD, new Certificate[] {
                        PemFiles.readCertificate(client.certificate())
                    });
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(identity, NO_PASSWORD);
            keys = factory.getKeyManagers();
        }
        context.init(keys, trust, null);
        return context;
    }
}
