package io.skiff.controllermanager.certificates;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * What a PKCS#10 request asks to be named: the subject's common name and organizations, and the
 * subject alternative names of its extension request, by kind.
 */
public record RequestedNames(
        String commonName,
        List<String> organizations,
        List<String> dnsNames,
        List<String> ipAddresses,
        List<String> emailAddresses,
        List<String> uris) {

    public static RequestedNames of(PKCS10CertificationRequest request) {
        X500Name subject = request.getSubject();
        List<String> cn = values(subject, BCStyle.CN);
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        GeneralNames alternatives = alternativeNames(request);
        if (alternatives != null) {
            for (GeneralName name : alternatives.getNames()) {
                switch (name.getTagNo()) {
                    case GeneralName.dNSName -> dns.add(name.getName().toString());
                    case GeneralName.iPAddress -> ips.add(name.getName().toString());
                    case GeneralName.rfc822Name -> emails.add(name.getName().toString());
                    case GeneralName.uniformResourceIdentifier ->
                        uris.add(name.getName().toString());
                    default -> {}
                }
            }
        }
        return new RequestedNames(cn.isEmpty() ? "" : cn.get(0), values(subject, BCStyle.O), dns, ips, emails, uris);
    }

    /** The subjectAltName of the request's extensionRequest attribute, or null. */
    public static GeneralNames alternativeNames(PKCS10CertificationRequest request) {
        Extensions extensions = requestedExtensions(request);
        return extensions == null ? null : GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
    }

    public static Extensions requestedExtensions(PKCS10CertificationRequest request) {
        for (Attribute attribute : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            for (ASN1Encodable value : attribute.getAttributeValues()) {
                return Extensions.getInstance(value);
            }
        }
        return null;
    }

    private static List<String> values(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        List<String> values = new ArrayList<>();
        for (RDN rdn : name.getRDNs(type)) {
            ASN1Encodable value = rdn.getFirst().getValue();
            values.add(value instanceof ASN1String text ? text.getString() : IETFUtils.valueToString(value));
        }
        return values;
    }
}
