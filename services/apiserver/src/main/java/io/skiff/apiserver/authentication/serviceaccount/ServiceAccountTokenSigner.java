package io.skiff.apiserver.authentication.serviceaccount;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;

/**
 * Signs ServiceAccount token claims into a compact JWS with the API server's signing key: RS256
 * for an RSA key, ES256 for ECDSA P-256, the key's id in the header, as Kubernetes' JWT token
 * generator does.
 */
public final class ServiceAccountTokenSigner {

    private final JWSSigner signer;
    private final JWSHeader header;

    public ServiceAccountTokenSigner(ServiceAccountKeys keys) {
        PrivateKey key = keys.signing().getPrivate();
        try {
            if (key instanceof ECPrivateKey ec) {
                signer = new ECDSASigner(ec);
                header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(keys.signingKeyId())
                        .build();
            } else {
                signer = new RSASSASigner(key);
                header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(keys.signingKeyId())
                        .build();
            }
        } catch (JOSEException e) {
            throw new ServiceAccountKeys.InvalidKeyFileException("the signing key cannot sign: " + e.getMessage(), e);
        }
    }

    public String sign(ServiceAccountClaims claims) {
        JWSObject jws = new JWSObject(header, new Payload(claims.toJson().toString()));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a ServiceAccount token", e);
        }
        return jws.serialize();
    }
}
