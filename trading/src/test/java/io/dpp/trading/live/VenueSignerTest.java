package io.dpp.trading.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Every venue's signature against the worked examples its documentation publishes (Binance spot
 * and USD-M futures, Kraken, BitMEX: their inputs and expected outputs verbatim). OKX, Bybit and
 * Deribit publish the algorithm without a worked output; their expected values were computed with
 * {@code openssl dgst -sha256 -hmac} from the documented pre-hash string, independently of this
 * code. Coinbase's JWTs are signed with a random nonce (and ECDSA is randomized), so its test
 * checks the token with a public key OpenSSL derived from the private key. Each signer's
 * {@code check} is held to accept what it signs and to refuse a changed request, a wrong secret
 * and a stale time.
 */
class VenueSignerTest {

    @Test
    void binanceSpotMatchesTheDocumentedExample() {
        String secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
        String payload = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
        assertThat(Hmac.sha256Hex(secret, payload)).isEqualTo("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
        VenueKey key = new VenueKey("vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A", secret, null);
        HttpCall signed = VenueSigner.of("binance").sign(HttpCall.of("POST", "/api/v3/order",
                "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1", ""), key, 1499827319559L);
        assertThat(signed.query()).isEqualTo(payload + "&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
        assertThat(signed.header("X-MBX-APIKEY")).isEqualTo(key.apiKey());
        roundTrip(VenueSigner.of("binance"), signed, key, 1499827319559L);
    }

    @Test
    void binanceFuturesMatchesTheDocumentedExample() {
        VenueKey key = new VenueKey("dbefbc809e3e83c283a984c3a1459732ea7db1360ca80c5c2c8867408d28cc83",
                "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9", null);
        HttpCall signed = VenueSigner.of("binance-futures").sign(HttpCall.of("POST", "/fapi/v1/order",
                "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC", ""), key, 1591702613943L);
        assertThat(signed.query()).endsWith("&signature=3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9");
        roundTrip(VenueSigner.of("binance-futures"), signed, key, 1591702613943L + 10);
    }

    @Test
    void krakenMatchesTheDocumentedExample() {
        VenueKey key = new VenueKey("CJbfPw4tnbf/9en/ZmpewCTKEwmmzO18LXZcHQcu7HPLWre4l8+V9I3y",
                "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==", null);
        HttpCall signed = VenueSigner.of("kraken").sign(HttpCall.of("POST", "/0/private/AddOrder", "",
                "ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25"), key, 1616492376594L);
        assertThat(signed.body()).isEqualTo("nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25");
        assertThat(signed.header("API-Sign"))
                .isEqualTo("4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==");
        roundTrip(VenueSigner.of("kraken"), signed, key, 1616492376594L);
    }

    @Test
    void bitmexMatchesTheDocumentedExamples() {
        String secret = "chNOOS4KvNXR_Xq4k4c9qsfoKWvnDecLATCRlcBwyKDYnWgO";
        assertThat(BitmexSigner.signature(secret, HttpCall.of("GET", "/api/v1/instrument", "", ""), "1518064236"))
                .isEqualTo("c7682d435d0cfe87c16098df34ef2eb5a549d4c5a3c2b1f0f77b8af73423bf00");
        assertThat(BitmexSigner.signature(secret, HttpCall.of("GET", "/api/v1/instrument", "filter=%7B%22symbol%22%3A+%22XBTM15%22%7D", ""),
                "1518064237")).isEqualTo("e2f422547eecb5b3cb29ade2127e21b858b235b386bfa45e1c1756eb3383919f");
        assertThat(BitmexSigner.signature(secret, HttpCall.of("POST", "/api/v1/order", "",
                "{\"symbol\":\"XBTM15\",\"price\":219.0,\"clOrdID\":\"mm_bitmex_1a/oemUeQ4CAJZgP3fjHsA\",\"orderQty\":98}"), "1518064238"))
                .isEqualTo("1749cd2ccae4aa49048ae09f0b95110cee706e0944e6a14ad0b3a8cb45bd336b");
        VenueKey key = new VenueKey("LAqUlngMIQkIUjXMUreyu3qn", secret, null);
        HttpCall signed = VenueSigner.of("bitmex").sign(HttpCall.of("GET", "/api/v1/instrument", "", ""), key, 1518064176000L);
        assertThat(signed.header("api-expires")).isEqualTo("1518064236");
        assertThat(signed.header("api-signature")).isEqualTo("c7682d435d0cfe87c16098df34ef2eb5a549d4c5a3c2b1f0f77b8af73423bf00");
        roundTrip(VenueSigner.of("bitmex"), signed, key, 1518064176000L);
        assertThat(VenueSigner.of("bitmex").check(signed, key, 1518064237000L)).contains("expired");
    }

    @Test
    void okxSignsTheDocumentedPrehash() {
        VenueKey key = new VenueKey("okx-key-0123456789", "22582BD0CFF14C41EDBF1AB98506286D", "pass phrase");
        long ts = java.time.Instant.parse("2020-12-08T09:08:57.715Z").toEpochMilli();
        HttpCall signed = VenueSigner.of("okx").sign(HttpCall.of("GET", "/api/v5/account/balance", "ccy=BTC", ""), key, ts);
        assertThat(signed.header("OK-ACCESS-TIMESTAMP")).isEqualTo("2020-12-08T09:08:57.715Z");
        assertThat(signed.header("OK-ACCESS-SIGN")).isEqualTo("HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=");
        assertThat(signed.header("OK-ACCESS-PASSPHRASE")).isEqualTo("pass phrase");
        roundTrip(VenueSigner.of("okx"), signed, key, ts + 29_000);
        assertThat(VenueSigner.of("okx").check(signed, new VenueKey(key.apiKey(), key.secret(), "other"), ts)).startsWith("50105");
        assertThat(VenueSigner.of("okx").check(signed, key, ts + 31_000)).startsWith("50102");
    }

    @Test
    void bybitSignsTheDocumentedPrehash() {
        VenueKey key = new VenueKey("XXXXXXXXXX", "YYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY", null);
        HttpCall signed = VenueSigner.of("bybit").sign(HttpCall.of("GET", "/v5/order/realtime",
                "category=option&symbol=BTC-29JUL22-25000-C", ""), key, 1658384314791L);
        assertThat(signed.header("X-BAPI-SIGN")).isEqualTo("49c26b0f76e0bec6b926f119814d66c4bdf59de44adf2a1864b1ea0bfd9c710c");
        roundTrip(VenueSigner.of("bybit"), signed, key, 1658384314791L + 4000);
        assertThat(VenueSigner.of("bybit").check(signed, key, 1658384314791L + 6000)).startsWith("10002");
    }

    @Test
    void deribitSignsTheDocumentedStringToSign() {
        VenueKey key = new VenueKey("AMANDA", "AMANDASECRECT", null);
        HttpCall call = HttpCall.of("GET", "/api/v2/private/get_account_summary", "currency=BTC", "")
                .withHeader("Authorization", "deri-hmac-sha256 id=AMANDA,ts=1576074319000,"
                        + "sig=abb83256cbda92ed43079c2df30d218904f2c46ccc2db11f5d5438d713e3e2ce,nonce=1696");
        assertThat(VenueSigner.of("deribit").apiKey(call)).isEqualTo("AMANDA");
        assertThat(VenueSigner.of("deribit").check(call, key, 1576074319000L)).isNull();
        HttpCall signed = VenueSigner.of("deribit").sign(HttpCall.of("GET", "/api/v2/private/get_account_summary", "currency=BTC", ""),
                key, 1576074319000L);
        roundTrip(VenueSigner.of("deribit"), signed, key, 1576074319000L);
    }

    private static final String EC_KEY = """
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEIHp5p1IfJZV5KIOyz/fyXTQao5pOr8dd3niYXKgSVVmtoAoGCCqGSM49
            AwEHoUQDQgAENhHMxsIyq5+D+K8SxzIsR8H1+3UO2bdb7Hu6yJedm8pw6/JkLg9r
            1r8wxgGtmgW610NK2VExelcpWMJOYrs+Tg==
            -----END EC PRIVATE KEY-----
            """;
    /** {@code openssl ec -in key.pem -pubout} of {@link #EC_KEY} (a key made for this test only). */
    private static final String EC_PUBLIC = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAENhHMxsIyq5+D+K8SxzIsR8H1+3UO"
            + "2bdb7Hu6yJedm8pw6/JkLg9r1r8wxgGtmgW610NK2VExelcpWMJOYrs+Tg==";

    @Test
    void coinbaseJwtVerifiesWithTheKeysPublicHalf() throws Exception {
        VenueKey key = new VenueKey("organizations/org-1/apiKeys/key-1", EC_KEY, null);
        long now = 1_700_000_000_000L;
        HttpCall signed = VenueSigner.of("coinbase").sign(HttpCall.of("GET", "/api/v3/brokerage/accounts", "", "")
                .withHeader("host", "api.coinbase.com"), key, now);
        String jwt = signed.header("Authorization").substring("Bearer ".length());
        String[] parts = jwt.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"iss\":\"cdp\"", "\"sub\":\"organizations/org-1/apiKeys/key-1\"", "\"nbf\":1700000000",
                "\"exp\":1700000120", "\"uri\":\"GET api.coinbase.com/api/v3/brokerage/accounts\"");
        assertThat(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8))
                .contains("\"alg\":\"ES256\"", "\"kid\":\"organizations/org-1/apiKeys/key-1\"", "\"nonce\":");
        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
        es256.initVerify(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(EC_PUBLIC))));
        es256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(es256.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        roundTrip(VenueSigner.of("coinbase"), signed, key, now + 60_000);
        assertThat(VenueSigner.of("coinbase").check(signed, key, now + 121_000)).contains("expired");
        assertThat(VenueSigner.of("coinbase").check(signed.withHeader("host", "evil.example"), key, now)).contains("uri");
    }

    @Test
    void coinbaseEd25519Keys() throws Exception {
        java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        VenueKey key = new VenueKey("key-name-ed25519", VenueKey.coinbaseSecret(pair), null);
        HttpCall signed = VenueSigner.of("coinbase").sign(HttpCall.of("POST", "/api/v3/brokerage/orders", "", "{\"a\":1}")
                .withHeader("host", "api.coinbase.com"), key, 1_700_000_000_000L);
        String[] parts = signed.header("Authorization").substring(7).split("\\.");
        Signature ed = Signature.getInstance("Ed25519");
        ed.initVerify(pair.getPublic());
        ed.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(ed.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        roundTrip(VenueSigner.of("coinbase"), signed, key, 1_700_000_000_000L);
    }

    @Test
    void coinbaseOrderEntryTakesAJwtSignedAheadOnce() throws Exception {
        VenueKey key = new VenueKey("organizations/org-1/apiKeys/key-presigned", EC_KEY, null);
        // Refills run when the test says (the process's signer runs them on a thread of its own).
        CoinbaseSigner.Presigned ready = new CoinbaseSigner.Presigned(false);
        VenueSigner coinbase = new CoinbaseSigner(ready);
        HttpCall place = HttpCall.of("POST", "/api/v3/brokerage/orders", "", "{}").withHeader("host", "api.coinbase.com");
        assertThat(coinbase.slowToSign(place)).as("order entry takes a JWT made ahead").isFalse();
        assertThat(coinbase.slowToSign(HttpCall.of("GET", "/api/v3/brokerage/orders/historical/x", "", "")))
                .as("a lookup is signed on the spot: off the caller's thread").isTrue();
        assertThat(VenueSigner.of("binance").slowToSign(place)).isFalse();
        long then = 1_700_000_000_000L;
        coinbase.prepare(place, key, then);
        // 30 s later a placement takes a JWT made then (its nbf says so), each one once, all valid.
        java.util.Set<String> used = new java.util.HashSet<>();
        for (int i = 0; i < CoinbaseSigner.Presigned.DEPTH; i++) {
            HttpCall signed = coinbase.sign(place, key, then + 30_000);
            String jwt = signed.header("Authorization").substring(7);
            assertThat(used.add(jwt)).as("a JWT is used once").isTrue();
            assertThat(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8)).contains("\"nbf\":1700000000");
            assertThat(coinbase.check(signed, key, then + 30_000)).isNull();
        }
        ready.refillNow(); // signs at the venue's time as the last take estimated it: now, here
        assertThat(new String(Base64.getUrlDecoder().decode(coinbase.sign(place, key, then + 30_000).header("Authorization").substring(7)
                .split("\\.")[1]), StandardCharsets.UTF_8)).as("a refill's JWT, made now").doesNotContain("\"nbf\":1700000000");
        // One that has less than a minute of its two left is not taken: a fresh one is signed.
        HttpCall cancel = HttpCall.of("POST", "/api/v3/brokerage/orders/batch_cancel", "", "{}").withHeader("host", "api.coinbase.com");
        coinbase.prepare(cancel, key, then);
        HttpCall late = coinbase.sign(cancel, key, then + 61_000);
        assertThat(new String(Base64.getUrlDecoder().decode(late.header("Authorization").substring(7).split("\\.")[1]), StandardCharsets.UTF_8))
                .contains("\"nbf\":1700000061");
        // Another secret under the same key name never takes the first one's JWTs.
        VenueKey rotated = new VenueKey(key.apiKey(), java.util.Base64.getEncoder().encodeToString(new byte[64]), null);
        assertThat(coinbase.check(coinbase.sign(place, key, then + 62_000), rotated, then + 62_000)).isNotNull();
    }

    @Test
    void keysNeverPrint() {
        VenueKey key = new VenueKey("vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A", "the-secret", "the-pass");
        assertThat(key.toString()).isEqualTo("VenueKey[vmPU…Eh8A]").doesNotContain("the-secret", "the-pass");
        assertThat(VenueKey.mask("short")).isEqualTo("****");
    }

    /** check() accepts what sign() made, and refuses it changed, under another secret, or named by another key. */
    private static void roundTrip(VenueSigner signer, HttpCall signed, VenueKey key, long now) {
        assertThat(signer.apiKey(signed)).isEqualTo(key.apiKey());
        assertThat(signer.check(signed, key, now)).isNull();
        // What each venue signs: Bybit leaves the path out, Coinbase's token the body; change what is covered.
        HttpCall changed = signed.method().equals("GET") && !signed.query().isEmpty() && !(signer instanceof BinanceSigner)
                ? signed.withQuery(signed.query() + "0")
                : signed.body().isEmpty() || signer instanceof CoinbaseSigner
                ? new HttpCall(signed.method(), signed.path() + "x", signed.query(), signed.body(), signed.headers())
                : signed.withBody(signed.body().replace("1", "2"));
        if (signer instanceof BinanceSigner) {
            changed = signed.withQuery(signed.query().replaceFirst("=", "=9"));
        }
        assertThat(signer.check(changed, key, now)).as("changed request").isNotNull();
        String otherSecret = signer instanceof KrakenSigner ? Base64.getEncoder().encodeToString(new byte[64])
                : signer instanceof CoinbaseSigner ? VenueKey.newCoinbaseSecret(null) : key.secret() + "x";
        assertThat(signer.check(signed, new VenueKey(key.apiKey(), otherSecret, key.passphrase()), now)).as("other secret").isNotNull();
    }
}
