package io.dpp.ems.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens records with AES-256-GCM under the {@link MasterKeys}: a fresh 96-bit nonce per
 * record, the id of the key beside it, and the record's identity (owner and credential id) as
 * associated data, so that a sealed secret moved to another row or user does not open.
 */
public final class Vault {

    /** A sealed record: the key it was sealed under, its nonce and the ciphertext with its tag, both base64. */
    public record Sealed(String keyId, String nonce, String ciphertext) {
    }

    /** The record could not be opened: unknown key, or the ciphertext or its identity was changed. */
    public static final class OpenFailed extends Exception {
        OpenFailed(String message) {
            super(message);
        }
    }

    private static final int TAG_BITS = 128;
    private final MasterKeys keys;
    private final SecureRandom random = new SecureRandom();

    public Vault(MasterKeys keys) {
        this.keys = keys;
    }

    public String currentKey() {
        return keys.current();
    }

    public MasterKeys keys() {
        return keys;
    }

    public Sealed seal(byte[] plaintext, String identity) {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.key(keys.current()), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(identity.getBytes(StandardCharsets.UTF_8));
            byte[] out = c.doFinal(plaintext);
            return new Sealed(keys.current(), Base64.getEncoder().encodeToString(nonce), Base64.getEncoder().encodeToString(out));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is part of every JDK", e);
        }
    }

    public byte[] open(Sealed sealed, String identity) throws OpenFailed {
        SecretKey key = keys.key(sealed.keyId());
        if (key == null) {
            throw new OpenFailed("sealed under master key " + sealed.keyId() + ", which this process does not have (keys: "
                    + String.join(", ", keys.ids()) + ")");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Base64.getDecoder().decode(sealed.nonce())));
            c.updateAAD(identity.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(Base64.getDecoder().decode(sealed.ciphertext()));
        } catch (javax.crypto.AEADBadTagException | IllegalArgumentException e) {
            throw new OpenFailed("the sealed record does not open under key " + sealed.keyId() + ": changed, or moved from another record");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is part of every JDK", e);
        }
    }
}
