package io.skiff.launcher.bootstrap;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * A node's client certificate request: a new ECDSA P-256 key and the PKCS#10 request for {@code
 * CN=system:node:<name>, O=system:nodes} it signs, named as the kubelet names its requests.
 */
record NodeCertificateRequest(String nodeName, KeyPair keys, String pem) {

    static final String SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
    static final List<String> USAGES = List.of("digital signature", "client auth");
    static final String NODES_GROUP = "system:nodes";
    static final String USER_PREFIX = "system:node:";

    private static final SecureRandom RANDOM = new SecureRandom();

    static NodeCertificateRequest create(String nodeName) {
        KeyPair keys = newKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, NODES_GROUP)
                .addRDN(BCStyle.CN, USER_PREFIX + nodeName)
                .build();
        try {
            PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            return new NodeCertificateRequest(nodeName, keys, pem(request.getEncoded()));
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("could not create the certificate request for node " + nodeName, e);
        }
    }

    /** spec.request: the PEM, base64 as JSON carries bytes. */
    String requestField() {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * {@code node-csr-<digest>}, the digest over the public key, subject and usages, as the kubelet's
     * digestedName: the same key asks under the same name, so a retry finds its own request.
     */
    String objectName() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-512");
            digest.update(keys.getPublic().getEncoded());
            digest.update(("|" + USER_PREFIX + nodeName + "|" + NODES_GROUP).getBytes(StandardCharsets.UTF_8));
            USAGES.forEach(usage -> digest.update(("|" + usage).getBytes(StandardCharsets.UTF_8)));
            return "node-csr-" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no SHA-512 in this JVM", e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no ECDSA P-256 key generator in this JVM", e);
        }
    }

    private static String pem(byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject("CERTIFICATE REQUEST", der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
