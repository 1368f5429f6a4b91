package io.skiff.kubelet.server.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The kubelet's self-signed serving certificate when none is configured, as the kubelet makes
 * {@code <cert-dir>/kubelet.crt}: CN {@code <node>@<epoch seconds>}, the node's name, address and
 * loopback as names, valid a year, an ECDSA P-256 key; made once and reused while valid for another
 * day, so a restart keeps it. The API server does not check it (kube-apiserver's default).
 */
final class SelfSignedServingCertificate {

    static final Duration VALIDITY = Duration.ofDays(365);

    /** A PEM certificate and its PEM private key. */
    record ServingFiles(Path certificate, Path key) {}

    private SelfSignedServingCertificate() {}

    /** The certificate and key under {@code dir}, made if missing or ending within a day. */
    static ServingFiles in(Path dir, String nodeName, String address, Instant now) {
        Path certificate = dir.resolve("kubelet.crt");
        Path key = dir.resolve("kubelet.key");
        if (usable(certificate, key, now)) {
            return new ServingFiles(certificate, key);
        }
        try {
            Files.createDirectories(dir);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + nodeName + "@" + now.getEpochSecond());
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject,
                    BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(VALIDITY)),
                    subject,
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(
                    Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, names(nodeName, address));
            X509Certificate issued = new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            writeAtomically(key, keys.getPrivate(), true);
            writeAtomically(certificate, issued, false);
            return new ServingFiles(certificate, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kubelet's serving certificate under " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the kubelet's serving certificate: " + e.getMessage(), e);
        }
    }

    private static GeneralNames names(String nodeName, String address) {
        Set<String> dns = new LinkedHashSet<>(List.of(nodeName, "localhost"));
        Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1"));
        if (address != null && !address.isBlank()) {
            ips.add(address);
        }
        List<GeneralName> names = new ArrayList<>();
        dns.forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
        ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static boolean usable(Path certificate, Path key, Instant now) {
        if (!Files.isRegularFile(certificate) || !Files.isRegularFile(key)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(certificate)) {
            X509Certificate existing =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return existing.getNotAfter().toInstant().isAfter(now.plus(Duration.ofDays(1)));
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    private static void writeAtomically(Path file, Object pemObject, boolean secret) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        if (secret) {
            Files.createFile(
                    partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (Writer out = Files.newBufferedWriter(partial);
                PemWriter pem = new PemWriter(out)) {
            if (pemObject instanceof java.security.PrivateKey privateKey) {
                pem.writeObject(new JcaPKCS8Generator(privateKey, null));
            } else {
                pem.writeObject(new org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator(pemObject));
            }
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
