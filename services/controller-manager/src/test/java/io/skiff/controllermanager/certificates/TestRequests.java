package io.skiff.controllermanager.certificates;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** PKCS#10 requests and CertificateSigningRequests for the certificates controllers' tests. */
public final class TestRequests {

    private TestRequests() {}

    public static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed request for {@code CN=commonName, O=organizations} with these DNS and e-mail names. */
    public static PKCS10CertificationRequest request(
            String commonName, List<String> organizations, List<String> dnsNames, List<String> emails) {
        KeyPair keys = keyPair();
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        organizations.forEach(o -> subject.addRDN(BCStyle.O, o));
        subject.addRDN(BCStyle.CN, commonName);
        try {
            JcaPKCS10CertificationRequestBuilder builder =
                    new JcaPKCS10CertificationRequestBuilder(subject.build(), keys.getPublic());
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
            emails.forEach(email -> names.add(new GeneralName(GeneralName.rfc822Name, email)));
            if (!names.isEmpty()) {
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                extensions.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PKCS10CertificationRequest request(String commonName, List<String> organizations) {
        return request(commonName, organizations, List.of(), List.of());
    }

    /** spec.request for {@code request}: base64 of its PEM. */
    public static String field(PKCS10CertificationRequest request) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject("CERTIFICATE REQUEST", request.getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** A pending CertificateSigningRequest, made by {@code username} in {@code groups}. */
    public static CertificateSigningRequestBuilder csr(
            String name,
            PKCS10CertificationRequest request,
            String signer,
            List<String> usages,
            String username,
            List<String> groups) {
        return new CertificateSigningRequestBuilder()
                .withNewMetadata()
                .withName(name)
                .withCreationTimestamp("2026-12-07T12:00:00Z")
                .endMetadata()
                .withNewSpec()
                .withRequest(field(request))
                .withSignerName(signer)
                .withUsages(usages)
                .withUsername(username)
                .withGroups(groups)
                .endSpec();
    }

    /** {@code csr} with an Approved condition. */
    public static CertificateSigningRequest approved(CertificateSigningRequestBuilder csr) {
        return csr.withNewStatus()
                .addNewCondition()
                .withType("Approved")
                .withStatus("True")
                .withReason("Test")
                .withLastUpdateTime("2026-12-07T12:00:00Z")
                .endCondition()
                .endStatus()
                .build();
    }
}
