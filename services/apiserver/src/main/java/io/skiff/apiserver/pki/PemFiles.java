package io.skiff.apiserver.pki;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Certificates and keys as PEM files: certificates as {@code CERTIFICATE}, keys as unencrypted
 * PKCS #8 {@code PRIVATE KEY} (what kubectl, Netty and Spring Boot all read). Files are replaced
 * atomically, keys readable by their owner only.
 */
public final class PemFiles {

    private PemFiles() {}

    public static String pem(X509Certificate certificate) {
        return pem((Object) certificate);
    }

    public static String pem(PrivateKey key) {
        try {
            return pem(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new PkiException("could not encode a private key", e);
        }
    }

    public static void write(Path file, X509Certificate certificate) {
        replace(file, pem(certificate), false);
    }

    /** A certificate chain, leaf first, as TLS servers send it. */
    public static void write(Path file, List<X509Certificate> chain) {
        StringBuilder text = new StringBuilder();
        chain.forEach(certificate -> text.append(pem(certificate)));
        replace(file, text.toString(), false);
    }

    public static void write(Path file, PrivateKey key) {
        replace(file, pem(key), true);
    }

    /** The first certificate in {@code file}: the leaf of a chain. */
    public static X509Certificate readCertificate(Path file) {
        Object parsed = parse(file);
        if (!(parsed instanceof X509CertificateHolder holder)) {
            throw new PkiException(file + " holds no PEM certificate", null);
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new PkiException(file + " holds an unreadable certificate: " + e.getMessage(), e);
        }
    }

    public static PrivateKey readPrivateKey(Path file) {
        Object parsed = parse(file);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (parsed instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (parsed instanceof PEMKeyPair pair) {
                // SEC1 keys need not carry the public half; the private key info is all that is needed.
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
        } catch (IOException e) {
            throw new PkiException(file + " holds an unreadable private key: " + e.getMessage(), e);
        }
        throw new PkiException(file + " holds no PEM private key", null);
    }

    private static Object parse(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            return parser.readObject();
        } catch (IOException e) {
            throw new PkiException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new PkiException("could not encode " + object.getClass().getSimpleName(), e);
        }
        return text.toString();
    }

    private static void replace(Path file, String content, boolean secret) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path scratch = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                if (secret) {
                    Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rw-------"));
                }
                Files.writeString(scratch, content, StandardCharsets.US_ASCII);
                if (!secret) {
                    Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rw-r--r--"));
                }
                Files.move(scratch, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(scratch);
            }
        } catch (IOException e) {
            throw new PkiException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
