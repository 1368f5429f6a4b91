package io.skiff.apiserver.certificates;

import io.skiff.apiserver.pki.CertificateAuthority;
import io.skiff.apiserver.pki.CertificateRequest;
import io.skiff.apiserver.pki.PemFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** PKCS#10 requests and certificates for tests, base64 as a CertificateSigningRequest carries them. */
public final class TestCertificates {

    private TestCertificates() {}

    /** A signed request for {@code CN=commonName, O=organizations}, base64 of its PEM. */
    public static String request(String commonName, List<String> organizations) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
            organizations.forEach(o -> subject.addRDN(BCStyle.O, o));
            subject.addRDN(BCStyle.CN, commonName);
            byte[] der = new JcaPKCS10CertificationRequestBuilder(subject.build(), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))
                    .getEncoded();
            return base64(pem("CERTIFICATE REQUEST", der));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate signed by a throwaway authority, base64 of its PEM. */
    public static String certificate(String commonName) {
        CertificateAuthority ca = CertificateAuthority.create("test-ca", Clock.systemUTC());
        return base64(PemFiles.pem(ca.issue(CertificateRequest.client(commonName, List.of()), Clock.systemUTC())
                .certificate()));
    }

    public static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    static String pem(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
