package io.skiff.apiserver.authentication.serviceaccount;

import io.skiff.apiserver.pki.PemFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of ServiceAccount tokens: the private key the API server signs with (kube-apiserver's
 * --service-account-signing-key-file) and the public keys it accepts signatures of (the signing
 * key's own and those of --service-account-key-file, so tokens signed with an older key keep
 * working through a rotation). Keys are RSA or ECDSA P-256; each is known by Kubernetes' key id,
 * the unpadded base64url SHA-256 of its DER public key.
 */
public final class ServiceAccountKeys {

    private static final Logger log = LoggerFactory.getLogger(ServiceAccountKeys.class);

    /** Where a generated signing key is kept under the data dir. */
    public static final String GENERATED_KEY = "tls/service-account.key";

    private final KeyPair signing;
    private final Map<String, PublicKey> verification;

    ServiceAccountKeys(KeyPair signing, List<PublicKey> extraVerification) {
        this.signing = signing;
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        keys.put(keyId(signing.getPublic()), signing.getPublic());
        for (PublicKey key : extraVerification) {
            keys.putIfAbsent(keyId(key), key);
        }
        this.verification = Map.copyOf(keys);
    }

    /**
     * The keys as configured: a signing key file if given, else one generated once and kept under
     * {@code dataDir} (reused on restart), else, with no data dir, one that lives in memory only.
     *
     * @throws InvalidKeyFileException when a key file is missing or holds no usable key
     */
    public static ServiceAccountKeys load(Path signingKeyFile, List<Path> keyFiles, Path dataDir) {
        KeyPair signing;
        if (signingKeyFile != null) {
            signing = readSigningKey(signingKeyFile);
        } else if (dataDir != null) {
            Path file = dataDir.resolve(GENERATED_KEY);
            if (Files.exists(file)) {
                signing = readSigningKey(file);
            } else {
                signing = generate();
                PemFiles.write(file, signing.getPrivate());
                log.info("Generated the ServiceAccount token signing key {}", file);
            }
        } else {
            signing = generate();
            log.warn("No ServiceAccount signing key file and no data dir: signing tokens with a key kept in memory;"
                    + " ServiceAccount tokens will not survive a restart of this API server (set"
                    + " skiff.apiserver.service-account.signing-key-file)");
        }
        List<PublicKey> extra = new ArrayList<>();
        for (Path file : keyFiles) {
            List<PublicKey> keys = readPublicKeys(file);
            if (keys.isEmpty()) {
                throw new InvalidKeyFileException("service account key file " + file + " holds no PEM key");
            }
            extra.addAll(keys);
        }
        return new ServiceAccountKeys(signing, extra);
    }

    /** A new ECDSA P-256 key pair. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make ECDSA P-256 keys", e);
        }
    }

    public KeyPair signing() {
        return signing;
    }

    public String signingKeyId() {
        return keyId(signing.getPublic());
    }

    /**
     * The public key with this id, none for an unknown id, every verification key when the token
     * names none: Kubernetes' key getter, so a token signed by a key since dropped fails with "no
     * keys found".
     */
    public List<PublicKey> verificationKeys(String keyId) {
        if (keyId == null || keyId.isEmpty()) {
            return List.copyOf(verification.values());
        }
        PublicKey key = verification.get(keyId);
        return key == null ? List.of() : List.of(key);
    }

    /** Kubernetes' key id: base64url (unpadded) of the SHA-256 of the PKIX DER public key. */
    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair readSigningKey(Path file) {
        for (Object object : readPem(file)) {
            PrivateKey key = privateKey(file, object);
            if (key != null) {
                return new KeyPair(publicKeyOf(file, key), key);
            }
        }
        throw new InvalidKeyFileException("service account signing key file " + file + " holds no PEM private key");
    }

    private static List<PublicKey> readPublicKeys(Path file) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        List<PublicKey> keys = new ArrayList<>();
        for (Object object : readPem(file)) {
            try {
                if (object instanceof SubjectPublicKeyInfo info) {
                    keys.add(converter.getPublicKey(info));
                } else if (object instanceof X509CertificateHolder certificate) {
                    keys.add(converter.getPublicKey(certificate.getSubjectPublicKeyInfo()));
                } else {
                    PrivateKey key = privateKey(file, object);
                    if (key != null) {
                        keys.add(publicKeyOf(file, key));
                    }
                }
            } catch (IOException e) {
                throw new InvalidKeyFileException("service account key file " + file + ": " + e.getMessage(), e);
            }
        }
        return keys;
    }

    private static PrivateKey privateKey(Path file, Object object) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
        } catch (IOException e) {
            throw new InvalidKeyFileException("unreadable private key in " + file + ": " + e.getMessage(), e);
        }
        return null;
    }

    /** The public half of an RSA or EC private key. */
    private static PublicKey publicKeyOf(Path file, PrivateKey key) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (key instanceof ECPrivateKey ec) {
                if (ec.getParams().getCurve().getField().getFieldSize() != 256) {
                    throw new InvalidKeyFileException(file + ": only ECDSA P-256 keys are supported");
                }
                org.bouncycastle.math.ec.ECPoint q = EC5Util.convertSpec(ec.getParams())
                        .getG()
                        .multiply(ec.getS())
                        .normalize();
                ECPoint point = new ECPoint(
                        q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, ec.getParams()));
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyFileException(file + ": " + e.getMessage(), e);
        }
        throw new InvalidKeyFileException(
                file + ": a ServiceAccount key must be RSA or ECDSA P-256, not " + key.getAlgorithm());
    }

    private static List<Object> readPem(Path file) {
        List<Object> objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException e) {
            throw new InvalidKeyFileException("could not read " + file + ": " + e.getMessage(), e);
        }
        return objects;
    }

    /** A configured key file cannot be used; the API server does not start. */
    public static final class InvalidKeyFileException extends RuntimeException {
        InvalidKeyFileException(String message, Throwable cause) {
            super(message, cause);
        }

        InvalidKeyFileException(String message) {
            super(message);
        }
    }
}
