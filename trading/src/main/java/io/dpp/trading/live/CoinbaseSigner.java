package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Coinbase Advanced Trade with CDP API keys: every request carries {@code Authorization: Bearer JWT},
 * a JWT signed by the key's private key (ES256 for an EC key in PEM, EdDSA for an Ed25519 key given
 * as base64 of its 64 bytes, seed then public key) with header {@code kid} = the key name and a
 * random {@code nonce}, and claims {@code iss "cdp"}, {@code sub} = the key name, {@code nbf} and
 * {@code exp} two minutes later, and {@code uri} = "METHOD host/path". The verifier needs the
 * public key: the EC key's PEM (SEC 1) carries it, as Coinbase issues it, and so does the Ed25519 form.
 */
final class CoinbaseSigner implements VenueSigner {

    static final long LIFETIME_SECONDS = 120;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final byte[] P256_ALGORITHM = HexFormat.of().parseHex("301306072a8648ce3d020106082a8648ce3d030107");
    private static final byte[] ED25519_PKCS8 = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final byte[] ED25519_X509 = HexFormat.of().parseHex("302a300506032b6570032100");

    @Override
    public String venue() {
        return "coinbase";
    }

    @Override
    public HttpCall sign(HttpCall call, VenueKey key, long now) {
        String uri = uri(call);
        if (!call.method().equals("POST")) {
            return call.withHeader("Authorization", "Bearer " + jwt(key, now, uri));
        }
        // Order entry (a placement, a cancel, an edit: POSTs to fixed paths) takes a JWT signed ahead of
        // time: an Ed25519 or ES256 signature costs 0.2-0.6 ms, far more than the rest of the order path.
        Slot slot = new Slot(key.apiKey(), fingerprint(key), uri);
        String jwt = ready.take(slot, now);
        ready.refill(slot, key, now);
        return call.withHeader("Authorization", "Bearer " + (jwt != null ? jwt : jwt(key, now, uri)));
    }

    /** Lookups and reads are signed on the spot (0.2-0.6 ms); order entry takes a JWT made ahead. */
    @Override
    public boolean slowToSign(HttpCall call) {
        return !call.method().equals("POST");
    }

    @Override
    public void prepare(HttpCall call, VenueKey key, long now) {
        if (call.method().equals("POST")) {
            ready.prepare(new Slot(key.apiKey(), fingerprint(key), uri(call)), key, now);
        }
    }

    private static String uri(HttpCall call) {
        String host = call.header("host");
        if (host == null) {
            throw new IllegalArgumentException("a Coinbase request is signed for its host: set the call's host header");
        }
        return call.method() + " " + host + call.path();
    }

    /** A key's identity for the JWTs made with it (its name and a digest of its secret, so that a rotated secret never uses the old one's). */
    private record Slot(String apiKey, String secret, String uri) {
    }

    private static String fingerprint(VenueKey key) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.secret().getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JWTs signed ahead of use, shared by the process's Coinbase signers. */
    private static final Presigned READY = new Presigned(true);
    private final Presigned ready;

    CoinbaseSigner() {
        this(READY);
    }

    /** A signer taking JWTs from {@code ready} (a test's, refilled when the test says). */
    CoinbaseSigner(Presigned ready) {
        this.ready = ready;
    }

    /**
     * JWTs signed ahead of use, a few per key and order-entry uri, each used once (its nonce is its
     * own), taken while it has at least {@link #MIN_LEFT_SECONDS} of its two minutes left. A daemon
     * thread of its own refills what was taken: at Coinbase's 30 requests a second an account needs
     * a signature every 33 ms, which one core makes in under a millisecond. The order path never wakes
     * it (waking a thread on another core costs tens of microseconds on a virtual machine): it marks
     * the slot, and the thread looks every {@link #POLL_NANOS} while orders were taken in the last
     * {@link #ACTIVE_NANOS}, and sleeps until woken after that. Bounded: at most {@link #MAX_SLOTS}
     * keys and uris (the oldest forgotten beyond).
     */
    static final class Presigned {

        static final int DEPTH = 4;
        static final long MIN_LEFT_SECONDS = 60;
        static final int MAX_SLOTS = 1024;
        static final long POLL_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(5);
        static final long ACTIVE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

        private record Token(String jwt, long nbf) {
        }

        private final java.util.Map<Slot, java.util.ArrayDeque<Token>> slots = new java.util.LinkedHashMap<>();
        /** The venue's clock as the last signature asked for it, less the local clock (ms). */
        private volatile long offset;
        /** Slots something was taken from, with the key that signs for them: refilled next. */
        private final java.util.Map<Slot, VenueKey> needy = new java.util.concurrent.ConcurrentHashMap<>();
        /** When something was last taken (System.nanoTime); "long ago" at the start, so that the refiller starts asleep. */
        private volatile long lastTake = System.nanoTime() - ACTIVE_NANOS - 1;
        private volatile boolean asleep;
        private final Thread refiller;

        /** @param background whether a thread of its own refills (else {@link #refillNow}, a test's) */
        Presigned(boolean background) {
            refiller = background ? Thread.ofPlatform().daemon().name("coinbase-jwt-signer").unstarted(this::run) : null;
            if (refiller != null) {
                refiller.start();
            }
        }

        /** A JWT made ahead for {@code slot} still good at {@code now}, or null. */
        synchronized String take(Slot slot, long now) {
            offset = now - System.currentTimeMillis();
            java.util.ArrayDeque<Token> q = slots.get(slot);
            long seconds = now / 1000;
            while (q != null && !q.isEmpty()) {
                Token t = q.pollFirst();
                if (t.nbf() <= seconds + 1 && t.nbf() + LIFETIME_SECONDS - seconds >= MIN_LEFT_SECONDS) {
                    return t.jwt();
                }
            }
            return null;
        }

        /** Marks {@code slot} to be refilled (by the refiller: nothing is signed on this thread). */
        void refill(Slot slot, VenueKey key, long now) {
            needy.put(slot, key);
            lastTake = System.nanoTime();
            if (asleep && refiller != null) {
                java.util.concurrent.locks.LockSupport.unpark(refiller); // the first order after a quiet spell only
            }
        }

        private void run() {
            while (true) {
                refillNow();
                if (System.nanoTime() - lastTake < ACTIVE_NANOS) {
                    java.util.concurrent.locks.LockSupport.parkNanos(POLL_NANOS);
                } else {
                    asleep = true;
                    if (needy.isEmpty()) {
                        java.util.concurrent.locks.LockSupport.park();
                    }
                    asleep = false;
                }
            }
        }

        /** Refills, on this thread, every slot marked. */
        void refillNow() {
            for (Slot slot : java.util.List.copyOf(needy.keySet())) {
                VenueKey key = needy.remove(slot);
                if (key == null) {
                    continue;
                }
                try {
                    fill(slot, key, System.currentTimeMillis() + offset);
                } catch (RuntimeException e) {
                    // A key that cannot sign: the order path signs itself, and says why.
                }
            }
        }

        /** Signs for {@code slot} on this thread until it holds {@link #DEPTH} JWTs good at {@code now}. */
        void prepare(Slot slot, VenueKey key, long now) {
            fill(slot, key, now);
        }

        /** Signs for {@code slot} now, on this thread, until it holds {@link #DEPTH} JWTs good at {@code now}. */
        void fill(Slot slot, VenueKey key, long now) {
            while (true) {
                synchronized (this) {
                    java.util.ArrayDeque<Token> q = slots.get(slot);
                    long seconds = now / 1000;
                    if (q != null) {
                        q.removeIf(t -> t.nbf() + LIFETIME_SECONDS - seconds < MIN_LEFT_SECONDS);
                        if (q.size() >= DEPTH) {
                            return;
                        }
                    }
                }
                String jwt = jwt(key, now, slot.uri());
                synchronized (this) {
                    java.util.ArrayDeque<Token> q = slots.get(slot);
                    if (q == null) {
                        if (slots.size() >= MAX_SLOTS) {
                            slots.remove(slots.keySet().iterator().next());
                        }
                        q = new java.util.ArrayDeque<>();
                        slots.put(slot, q);
                    }
                    q.addLast(new Token(jwt, now / 1000));
                }
            }
        }
    }

    /**
     * A JWT of {@code key} at {@code now} (epoch ms): with the claim {@code uri} for a REST request,
     * without one ({@code uri} null) for a WebSocket subscription.
     */
    static String jwt(VenueKey key, long now, String uri) {
        Keys keys = keys(key.secret());
        long nbf = now / 1000;
        String header = "{\"alg\":\"" + keys.algorithm + "\",\"kid\":" + quote(key.apiKey()) + ",\"nonce\":\""
                + HexFormat.of().formatHex(randomBytes()) + "\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"cdp\",\"sub\":" + quote(key.apiKey()) + ",\"nbf\":" + nbf + ",\"exp\":" + (nbf + LIFETIME_SECONDS)
                + (uri == null ? "" : ",\"uri\":" + quote(uri)) + "}";
        String input = URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance(keys.jca);
            s.initSign(keys.privateKey);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + URL.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the Coinbase key cannot sign: " + e.getMessage());
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        new java.security.SecureRandom().nextBytes(b);
        return b;
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String apiKey(HttpCall call) {
        JsonNode[] jwt = parts(bearer(call));
        return jwt == null ? null : jwt[0].path("kid").asText(null);
    }

    private static String bearer(HttpCall call) {
        String a = call.header("Authorization");
        return a == null || !a.startsWith("Bearer ") ? null : a.substring(7);
    }

    /** A JWT's header and claims, or null when it is not one. */
    static JsonNode[] parts(String jwt) {
        if (jwt == null) {
            return null;
        }
        String[] p = jwt.split("\\.");
        if (p.length != 3) {
            return null;
        }
        try {
            return new JsonNode[] {JSON.readTree(Base64.getUrlDecoder().decode(p[0])), JSON.readTree(Base64.getUrlDecoder().decode(p[1]))};
        } catch (IllegalArgumentException | java.io.IOException e) {
            return null;
        }
    }

    @Override
    public String check(HttpCall call, VenueKey key, long now) {
        return check(bearer(call), key, now, call.method() + " " + call.header("host") + call.path());
    }

    /**
     * Coinbase's check of a JWT: null when it is valid for {@code key} at {@code now} (epoch ms) and
     * names {@code uri} (a WebSocket subscription's, {@code uri} null, names none), else why not.
     */
    static String check(String token, VenueKey key, long now, String uri) {
        JsonNode[] jwt = parts(token);
        if (jwt == null) {
            return "401 Unauthorized: missing or malformed bearer JWT";
        }
        Keys keys;
        try {
            keys = keys(key.secret());
        } catch (IllegalArgumentException e) {
            return "401 Unauthorized: " + e.getMessage();
        }
        if (!keys.algorithm.equals(jwt[0].path("alg").asText())) {
            return "401 Unauthorized: alg must be " + keys.algorithm;
        }
        JsonNode c = jwt[1];
        long nowSeconds = now / 1000;
        if (!"cdp".equals(c.path("iss").asText()) || !key.apiKey().equals(c.path("sub").asText())) {
            return "401 Unauthorized: iss or sub";
        }
        if (c.path("nbf").asLong(Long.MAX_VALUE) > nowSeconds + 5 || c.path("exp").asLong(0) < nowSeconds) {
            return "401 Unauthorized: JWT expired or not yet valid";
        }
        if (uri != null && !uri.equals(c.path("uri").asText())) {
            return "401 Unauthorized: uri claim \"" + c.path("uri").asText() + "\" does not match the request (" + uri + ")";
        }
        int dot = token.lastIndexOf('.');
        try {
            Signature s = Signature.getInstance(keys.jca);
            s.initVerify(keys.publicKey);
            s.update(token.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
            return s.verify(Base64.getUrlDecoder().decode(token.substring(dot + 1))) ? null : "401 Unauthorized: invalid signature";
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return "401 Unauthorized: invalid signature";
        }
    }

    /** The key pair a CDP secret holds. */
    private record Keys(String algorithm, String jca, PrivateKey privateKey, PublicKey publicKey) {
    }

    private static Keys keys(String secret) {
        try {
            if (secret.contains("-----BEGIN EC PRIVATE KEY-----")) {
                byte[] sec1 = pem(secret, "EC PRIVATE KEY");
                KeyFactory f = KeyFactory.getInstance("EC");
                PrivateKey priv = f.generatePrivate(new PKCS8EncodedKeySpec(pkcs8(sec1)));
                byte[] point = sec1PublicKey(sec1);
                PublicKey pub = point == null ? null : f.generatePublic(new X509EncodedKeySpec(der(0x30,
                        concat(P256_ALGORITHM, der(0x03, concat(new byte[] {0}, point))))));
                return new Keys("ES256", "SHA256withECDSAinP1363Format", priv, pub);
            }
            byte[] raw = Base64.getDecoder().decode(secret.trim());
            if (raw.length != 64) {
                throw new IllegalArgumentException("a Coinbase secret is an EC private key in PEM or an Ed25519 key in base64 (64 bytes)");
            }
            KeyFactory f = KeyFactory.getInstance("Ed25519");
            PrivateKey priv = f.generatePrivate(new PKCS8EncodedKeySpec(concat(ED25519_PKCS8, Arrays.copyOf(raw, 32))));
            PublicKey pub = f.generatePublic(new X509EncodedKeySpec(concat(ED25519_X509, Arrays.copyOfRange(raw, 32, 64))));
            return new Keys("EdDSA", "Ed25519", priv, pub);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(e instanceof IllegalArgumentException && e.getMessage() != null
                    && e.getMessage().startsWith("a Coinbase") ? e.getMessage()
                    : "a Coinbase secret is an EC private key in PEM or an Ed25519 key in base64 (64 bytes): " + e.getMessage());
        }
    }

    private static byte[] pem(String text, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException("no " + type + " block");
        }
        return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e).replace("\\n", "\n"));
    }

    /** An SEC 1 ECPrivateKey on P-256 wrapped as PKCS #8. */
    private static byte[] pkcs8(byte[] sec1) {
        return der(0x30, concat(new byte[] {0x02, 0x01, 0x00}, P256_ALGORITHM, der(0x04, sec1)));
    }

    /** The uncompressed public point in an SEC 1 ECPrivateKey ([1] BIT STRING), or null when absent. */
    private static byte[] sec1PublicKey(byte[] sec1) {
        int[] pos = {0};
        int seqLen = header(sec1, pos, 0x30);
        int end = pos[0] + seqLen;
        while (pos[0] < end) {
            int tag = sec1[pos[0]] & 0xff;
            int len = header(sec1, pos, tag);
            if (tag == 0xa1) {
                int inner = pos[0];
                int[] p = {inner};
                int bits = header(sec1, p, 0x03);
                return Arrays.copyOfRange(sec1, p[0] + 1, p[0] + bits);
            }
            pos[0] += len;
        }
        return null;
    }

    private static int header(byte[] d, int[] pos, int tag) {
        if ((d[pos[0]] & 0xff) != tag) {
            throw new IllegalArgumentException("unexpected DER tag");
        }
        int len = d[pos[0] + 1] & 0xff;
        pos[0] += 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (d[pos[0]++] & 0xff);
            }
        }
        return len;
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] len = n < 0x80 ? new byte[] {(byte) n} : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        return concat(new byte[] {(byte) tag}, len, content);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
