package io.skiff.controllermanager.certificates.signing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * certificates.k8s.io usages as X.509 key usage bits and extended key usages (Kubernetes'
 * keyUsagesFromStrings).
 */
record KeyUsages(int keyUsage, List<KeyPurposeId> extendedKeyUsages) {

    private static final Map<String, Integer> KEY_USAGES = Map.ofEntries(
            Map.entry("signing", KeyUsage.digitalSignature),
            Map.entry("digital signature", KeyUsage.digitalSignature),
            Map.entry("content commitment", KeyUsage.nonRepudiation),
            Map.entry("key encipherment", KeyUsage.keyEncipherment),
            Map.entry("key agreement", KeyUsage.keyAgreement),
            Map.entry("data encipherment", KeyUsage.dataEncipherment),
            Map.entry("cert sign", KeyUsage.keyCertSign),
            Map.entry("crl sign", KeyUsage.cRLSign),
            Map.entry("encipher only", KeyUsage.encipherOnly),
            Map.entry("decipher only", KeyUsage.decipherOnly));

    private static final Map<String, KeyPurposeId> EXTENDED = Map.ofEntries(
            Map.entry("any", KeyPurposeId.anyExtendedKeyUsage),
            Map.entry("server auth", KeyPurposeId.id_kp_serverAuth),
            Map.entry("client auth", KeyPurposeId.id_kp_clientAuth),
            Map.entry("code signing", KeyPurposeId.id_kp_codeSigning),
            Map.entry("email protection", KeyPurposeId.id_kp_emailProtection),
            Map.entry("s/mime", KeyPurposeId.id_kp_emailProtection),
            Map.entry("ipsec end system", KeyPurposeId.id_kp_ipsecEndSystem),
            Map.entry("ipsec tunnel", KeyPurposeId.id_kp_ipsecTunnel),
            Map.entry("ipsec user", KeyPurposeId.id_kp_ipsecUser),
            Map.entry("timestamping", KeyPurposeId.id_kp_timeStamping),
            Map.entry("ocsp signing", KeyPurposeId.id_kp_OCSPSigning),
            Map.entry("microsoft sgc", KeyPurposeId.id_kp_msSGC),
            Map.entry("netscape sgc", KeyPurposeId.id_kp_nsSGC));

    /** The bits and purposes of {@code usages}; an unknown usage is refused as Kubernetes does. */
    static KeyUsages of(List<String> usages) {
        int bits = 0;
        List<KeyPurposeId> extended = new ArrayList<>();
        List<String> unrecognized = new ArrayList<>();
        for (String usage : usages) {
            if (KEY_USAGES.containsKey(usage)) {
                bits |= KEY_USAGES.get(usage);
            } else if (EXTENDED.containsKey(usage)) {
                if (!extended.contains(EXTENDED.get(usage))) {
                    extended.add(EXTENDED.get(usage));
                }
            } else {
                unrecognized.add(usage);
            }
        }
        if (!unrecognized.isEmpty()) {
            throw new IllegalArgumentException("unrecognized usage values: " + unrecognized);
        }
        return new KeyUsages(bits, List.copyOf(extended));
    }
}
