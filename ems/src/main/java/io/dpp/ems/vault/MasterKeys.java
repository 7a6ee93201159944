package io.dpp.ems.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault's master keys: AES-256 keys with ids, from {@code ems.vault.master-secret} (the
 * environment variable {@code DPP_EMS_VAULT_MASTER_SECRET}) or from a file ({@code
 * ems.vault.key-file}, a mounted Kubernetes Secret), as {@code ID:BASE64} entries separated by
 * commas or new lines. One of them is current ({@code ems.vault.current-key}, else the first): it
 * seals new records; the others only open older ones until rotation has re-sealed them. With
 * neither configured (the embedded single-process mode) a key is made once and kept in
 * {@code <data.dir>/vault/master.key}, readable by its owner only.
 */
public final class MasterKeys {

    private static final Logger LOG = LoggerFactory.getLogger(MasterKeys.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final Map<String, SecretKey> keys;
    private final String current;
    private final String source;

    MasterKeys(Map<String, SecretKey> keys, String current, String source) {
        if (!keys.containsKey(current)) {
            throw new IllegalArgumentException("ems.vault.current-key is " + current + ", which is not among the master keys ("
                    + String.join(", ", keys.keySet()) + ")");
        }
        this.keys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keys)); // in the order configured
        this.current = current;
        this.source = source;
    }

    /**
     * The keys as configured: {@code inline} (the value of ems.vault.master-secret), else the file,
     * else the embedded key below {@code dataDir} (made when missing).
     *
     * @throws IllegalArgumentException naming the setting, when an entry is malformed or the current key is unknown
     */
    public static MasterKeys load(Optional<String> inline, Optional<Path> file, Optional<String> currentKey, Path dataDir) {
        if (inline.filter(s -> !s.isBlank()).isPresent()) {
            Map<String, SecretKey> keys = parse(inline.get(), "ems.vault.master-secret");
            return new MasterKeys(keys, currentKey.orElse(keys.keySet().iterator().next()), "ems.vault.master-secret");
        }
        if (file.isPresent()) {
            String text;
            try {
                text = Files.readString(file.get(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("ems.vault.key-file: cannot read " + file.get() + ": " + e.getMessage());
            }
            Map<String, SecretKey> keys = parse(text, "ems.vault.key-file " + file.get());
            return new MasterKeys(keys, currentKey.orElse(keys.keySet().iterator().next()), "ems.vault.key-file");
        }
        Path embedded = dataDir.resolve("vault").resolve("master.key");
        try {
            if (!Files.exists(embedded)) {
                Files.createDirectories(embedded.getParent());
                Path tmp = embedded.resolveSibling("master.key.tmp");
                Files.writeString(tmp, newEntry("k1") + "\n", StandardCharsets.UTF_8);
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the data directory's own permissions protect it
                }
                Files.move(tmp, embedded, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                LOG.warn("vault: made a master key in {}; in production set ems.vault.master-secret or ems.vault.key-file "
                        + "(docs/ems.md, 'The credential vault')", embedded);
            }
            Map<String, SecretKey> keys = parse(Files.readString(embedded, StandardCharsets.UTF_8), embedded.toString());
            return new MasterKeys(keys, currentKey.orElse(keys.keySet().iterator().next()), embedded.toString());
        } catch (IOException e) {
            throw new IllegalStateException("vault: cannot keep the master key in " + embedded + ": " + e.getMessage(), e);
        }
    }

    /** A new entry {@code id:BASE64} of 32 random bytes, for a key file or the environment. */
    public static String newEntry(String id) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return id + ":" + Base64.getEncoder().encodeToString(key);
    }

    static Map<String, SecretKey> parse(String text, String where) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        for (String entry : text.split("[,\\n]")) {
            String e = entry.trim();
            if (e.isEmpty() || e.startsWith("#")) {
                continue;
            }
            int colon = e.indexOf(':');
            String id = colon < 0 ? "" : e.substring(0, colon);
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException(where + ": each entry is ID:BASE64 with an id of 1-32 letters, digits, - or _");
            }
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(e.substring(colon + 1).trim());
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(where + ": key " + id + " is not base64");
            }
            if (raw.length != 32) {
                throw new IllegalArgumentException(where + ": key " + id + " has " + raw.length
                        + " bytes; an AES-256 key has 32 (make one with: dpp vault new-key)");
            }
            if (keys.put(id, new SecretKeySpec(raw, "AES")) != null) {
                throw new IllegalArgumentException(where + ": key id " + id + " appears twice");
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(where + ": no key (entries are ID:BASE64, separated by commas or new lines)");
        }
        return keys;
    }

    String current() {
        return current;
    }

    SecretKey key(String id) {
        return keys.get(id);
    }

    java.util.Set<String> ids() {
        return keys.keySet();
    }

    /** Where the keys came from (a setting or a file), never the keys. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "MasterKeys[" + String.join(",", keys.keySet()) + "; current " + current + "; from " + source + "]";
    }
}
