package io.skiff.launcher.join;

import io.skiff.apiserver.pki.PemFiles;
import io.skiff.apiserver.pki.PublicKeyPin;
import io.skiff.launcher.join.JoinCheck.JoinRefusedException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How a joining node comes to trust an HTTPS server it was given only a join token for: the server
 * sends its certificate chain with the cluster CA in it; the node takes the CA whose public-key pin
 * the token carries, checks that it signed the server's certificate, and from then on trusts that CA
 * alone, as kubeadm's token discovery and k3s's secure tokens do. Nothing the server says is trusted
 * before the pin matches.
 */
public final class ServerAuthority {

    private ServerAuthority() {}

    /**
     * The CA of the server at {@code serverUrl} matching {@code pin}, written to {@code file}.
     *
     * @throws JoinRefusedException when the server cannot be reached or shows no such CA
     */
    public static Path learn(String serverUrl, PublicKeyPin pin, Path file, Duration timeout) {
        Certificate[] chain = handshake(URI.create(serverUrl), timeout);
        X509Certificate server = (X509Certificate) chain[0];
        Optional<X509Certificate> authority = find(chain, pin);
        if (authority.isEmpty()) {
            throw new JoinRefusedException("the server at " + serverUrl + " shows no certificate authority with the"
                    + " token's CA hash " + pin + ": the token is another cluster's, or something between this"
                    + " machine and the server answers in its place");
        }
        try {
            server.verify(authority.get().getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new JoinRefusedException(
                    "the server at " + serverUrl + " shows a certificate its cluster CA (" + pin + ") did not sign");
        }
        PemFiles.write(file, authority.get());
        return file;
    }

    /** The certificate authority in {@code chain} whose pin is {@code pin}. */
    static Optional<X509Certificate> find(Certificate[] chain, PublicKeyPin pin) {
        for (Certificate certificate : chain) {
            if (certificate instanceof X509Certificate x509 && x509.getBasicConstraints() >= 0 && pin.matches(x509)) {
                return Optional.of(x509);
            }
        }
        return Optional.empty();
    }

    /** The chain the server sends, taken without judging it: the pin is the judge. */
    private static Certificate[] handshake(URI server, Duration timeout) {
        int port = server.getPort() == -1 ? 443 : server.getPort();
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TakeAnyChain()}, new SecureRandom());
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(server.getHost(), port), (int) timeout.toMillis());
                socket.setSoTimeout((int) timeout.toMillis());
                socket.startHandshake();
                return socket.getSession().getPeerCertificates();
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new JoinRefusedException(
                    "server unreachable: cannot reach " + server + ": " + JoinCheck.rootMessage(server.toString(), e));
        }
    }

    /** Accepts any chain during the handshake; the caller checks it against the pin before any use. */
    private static final class TakeAnyChain implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
