package io.dpp.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.dpp.runtime.access.AccessGate;
import io.dpp.runtime.http.HttpRoutes;
import io.dpp.runtime.module.Readiness;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The users' API in-process, on each database engine: the routes {@link UsersApi} mounts behind
 * the platform's real access gate, key and session check (accounts database on H2 or on a
 * PostgreSQL server the test starts), and a real SMTP server (GreenMail) whose received mails the
 * test reads: sign-up, verification, sign-in with the session cookie and CSRF token, API keys,
 * the second factor, lockout, password change and reset, sign-out, the audit log, per-address
 * limits. Time is a clock the test moves.
 */
class UsersApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LINK_TOKEN = Pattern.compile("token[=:] ?([A-Za-z0-9_-]{43})");
    private static PostgresServer postgres;

    @TempDir
    Path data;

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-12-04T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String cookie() {
            return raw.headers().allValues("set-cookie").stream().filter(c -> c.startsWith(AccessGate.SESSION_COOKIE + "="))
                    .findFirst().orElse(null);
        }
    }

    private final MovableClock clock = new MovableClock();
    private final long[] ticker = {1_000_000_000L};
    private final HttpClient http = HttpClient.newHttpClient();
    private Vertx vertx;
    private GreenMail smtp;
    private AccountsDb db;
    private KeyAccess access;
    private Blocking api;
    private Mailer mailer;
    private Users users;
    private int port;
    private Router router;
    private PrometheusRegistry metrics;
    private Tickets tickets;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    void start(String engine, int signInsPerMinute, int signUpsPerHour) throws Exception {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        int smtpPort = smtp.getSmtp().getPort();
        AccountsConfig.Db dbConfig = engine.equals("h2") ? new AccountsDbTest.Db(Optional.empty(), Optional.empty(), Optional.empty(), 2)
                : new AccountsDbTest.Db(Optional.of(postgres.url().replaceAll("/[^/]*$", "/" + database())),
                Optional.of(postgres.user()), Optional.empty(), 2);
        if (engine.equals("postgresql")) {
            try (var c = java.sql.DriverManager.getConnection(postgres.url(), postgres.user(), null)) {
                c.createStatement().execute("CREATE DATABASE " + database());
            }
        }
        db = AccountsDb.open(dbConfig, data);
        PrometheusRegistry metrics = new PrometheusRegistry();
        Sessions sessions = new Sessions(db.sql(), clock, Duration.ofDays(7), Duration.ofHours(12));
        access = new KeyAccess(db, sessions, Duration.ofSeconds(10), metrics, () -> ticker[0], clock);
        mailer = new Mailer(db.sql(), mailConfig(smtpPort), clock, metrics);
        AccountsConfig.SignIn limits = signIn(signInsPerMinute, signUpsPerHour);
        users = new Users(db, sessions, mailer, clock, limits, "https://dpp.example.com", metrics);
        users.access(access);
        vertx = Vertx.vertx();
        router = Router.router(vertx);
        HttpRoutes.install(router, Readiness.always(), metrics, false);
        AccessGate gate = AccessGate.install(router, vertx, access, List.of(), 10, Duration.ofSeconds(5));
        api = new Blocking();
        new UsersApi(users, config(limits), api, () -> ticker[0]).install(router, gate);
        this.metrics = metrics;
        tickets = new Tickets(users.db(), mailer, clock, "https://dpp.example.com", () -> ticker[0], metrics);
        new TicketsApi(tickets, api, clock).install(router);
        new SupportApi(new Feedback(users.db(), clock, () -> ticker[0], metrics), new Messages(users.db(), mailer, clock,
                () -> ticker[0], metrics), tickets, api, clock).install(router);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        port = server.actualPort();
    }

    private String database;

    /** A database of this test's own on the shared PostgreSQL server. */
    private String database() {
        if (database == null) {
            database = "users_" + Long.toHexString(System.nanoTime());
        }
        return database;
    }

    @AfterEach
    void stop() throws Exception {
        if (api != null) {
            api.close();
        }
        if (mailer != null) {
            mailer.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (access != null) {
            access.close();
        }
        if (db != null) {
            db.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aUserSignsUpVerifiesSignsInAndManagesTheirAccount(String engine) throws Exception {
        start(engine, 1000, 1000);

        // Sign-up: 400 naming the field, then accepted with a verification mail.
        assertThat(post("/api/v1/users/sign-up", "{\"email\":\"not-an-email\",\"password\":\"long enough pass\"}", null))
                .satisfies(r -> assertError(r, 400, "email must be an address"));
        assertThat(post("/api/v1/users/sign-up", "{\"email\":\"ada@example.com\",\"password\":\"short\"}", null))
                .satisfies(r -> assertError(r, 400, "password has 5 characters"));
        assertThat(post("/api/v1/users/sign-up", "{\"email\":\"ada@example.com\",\"password\":\"aaaaaaaaaaaa\"}", null))
                .satisfies(r -> assertError(r, 400, "fewer than 5 different characters"));
        assertThat(post("/api/v1/users/sign-up", "{\"email\":\"ada@example.com\",\"password\":\"x\",\"role\":\"admin\"}", null))
                .satisfies(r -> assertError(r, 400, "unknown field \"role\""));
        String password = "correct horse battery";
        assertThat(post("/api/v1/users/sign-up", "{\"email\":\"Ada@Example.com\",\"password\":\"" + password + "\"}", null).status())
                .isEqualTo(202);
        MimeMessage verifyMail = mail(1).get(0);
        assertThat(verifyMail.getAllRecipients()[0].toString()).isEqualTo("ada@example.com");
        assertThat(verifyMail.getSubject()).isEqualTo("Verify your DPP account");
        String verifyToken = token(verifyMail);
        assertThat(GreenMailUtil.getBody(verifyMail)).contains("https://dpp.example.com/api/v1/users/verify?token=" + verifyToken);
        // Signing up an address that has an account answers the same and mails its owner.
        assertThat(post("/api/v1/users/sign-up", "{\"email\":\"ada@example.com\",\"password\":\"" + password + "\"}", null).status())
                .isEqualTo(202);
        assertThat(mail(2).get(1).getSubject()).isEqualTo("Sign-up with your address");

        // Not verified yet: a right password is refused with what to do.
        assertError(signIn("ada@example.com", password, null), 403, "verify your email address first");
        assertThat(get("/api/v1/users/verify?token=" + verifyToken, null).body().path("email").asText()).isEqualTo("ada@example.com");
        assertError(get("/api/v1/users/verify?token=" + verifyToken, null), 400, "unknown, used or expired");

        // Sign-in: a wrong password is 401 without saying which part was wrong; the right one opens a session.
        assertError(signIn("ada@example.com", "wrong password here", null), 401, "wrong email, password or code");
        assertError(signIn("nobody@example.com", password, null), 401, "wrong email, password or code");
        Reply in = signIn("ada@example.com", password, null);
        assertThat(in.status()).isEqualTo(200);
        String cookie = in.cookie();
        assertThat(cookie).containsIgnoringCase("HttpOnly").contains("Secure").contains("SameSite=Strict").contains("Path=/").contains("Max-Age=604800");
        Session a = new Session(cookie, in.body().path("csrf_token").asText());
        assertThat(in.body().path("role").asText()).isEqualTo("user");
        assertThat(in.body().has("password_hash")).isFalse();

        Reply me = get("/api/v1/users/me", a);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().path("email").asText()).isEqualTo("ada@example.com");
        assertThat(me.body().path("csrf_token").asText()).isEqualTo(a.csrf);
        assertThat(me.body().path("via").asText()).isEqualTo("session");

        // CSRF: a state-changing request of a session must echo the token; a page of another origin is refused.
        assertError(send("POST", "/api/v1/users/me/keys", "{}", a.cookie, null, null), 403, "CSRF token");
        assertError(send("POST", "/api/v1/users/me/keys", "{}", a.cookie, "wrong", null), 403, "CSRF token");
        assertError(send("GET", "/api/v1/users/me", null, a.cookie, null, "https://evil.example"), 403, "origin");

        // API keys of their own: made on their plan, mailed about, usable, listed, revoked.
        Reply key = post("/api/v1/users/me/keys", "{}", a);
        assertThat(key.status()).isEqualTo(201);
        assertThat(key.body().path("plan").asText()).isEqualTo("free");
        String apiKey = key.body().path("key").asText();
        assertThat(mail(3).get(2).getSubject()).isEqualTo("New API key");
        assertError(post("/api/v1/users/me/keys", "{\"plan\":\"enterprise\"}", a), 403, "your plan is free");
        Reply viaKey = send("GET", "/api/v1/users/me", null, null, null, null, "X-API-Key", apiKey);
        assertThat(viaKey.body().path("via").asText()).isEqualTo("key");
        assertThat(viaKey.body().path("csrf_token").isNull()).isTrue();
        assertThat(get("/api/v1/users/me/keys", a).body().path("keys").size()).isEqualTo(1);
        String keyId = key.body().path("key_id").asText();

        // Usage: the requests let through, per key and day, written to the database by the flush,
        // counted on the day of the clock; yesterday's stay in the period, in their own day.
        send("GET", "/api/v1/users/me", null, null, null, null, "X-API-Key", apiKey);
        access.usage().flush();
        clock.now = clock.now.plus(Duration.ofDays(1));
        send("GET", "/api/v1/users/me", null, null, null, null, "X-API-Key", apiKey);
        Reply nextDay = signIn("ada@example.com", password, null); // yesterday's session has been idle too long
        Session a2 = new Session(nextDay.cookie(), nextDay.body().path("csrf_token").asText());
        Reply usage = get("/api/v1/users/me/usage", a2);
        assertThat(usage.status()).as(usage.body().toString()).isEqualTo(200);
        assertThat(usage.body().path("plan").asText()).isEqualTo("free");
        assertThat(usage.body().path("days").size()).isEqualTo(Users.USAGE_DAYS);
        JsonNode lastDays = usage.body().path("days");
        assertThat(lastDays.get(Users.USAGE_DAYS - 1).path("day").asText()).isEqualTo("2026-12-05");
        assertThat(lastDays.get(Users.USAGE_DAYS - 2).path("requests").asLong()).as("yesterday: two by key, the rest by the session")
                .isGreaterThanOrEqualTo(2);
        JsonNode byKey = usage.body().path("keys").get(0);
        assertThat(byKey.path("key_id").asText()).isEqualTo(keyId);
        assertThat(byKey.path("requests_today").asLong()).as("today's one, not yet flushed, counted too").isEqualTo(1);
        assertThat(byKey.path("requests_7_days").asLong()).isEqualTo(3);
        assertThat(usage.body().path("keys").get(1).path("key_id").asText()).isEqualTo("sessions");
        assertThat(usage.body().path("keys").get(1).path("requests_7_days").asLong()).isPositive();
        access.usage().flush();
        access.usage().flush(); // nothing counted since: adds nothing
        assertThat(get("/api/v1/users/me/usage", a2).body().path("keys").get(0).path("requests_7_days").asLong()).isEqualTo(3);
        assertThat(post("/api/v1/users/sign-out", null, a2).status()).isEqualTo(200);
        clock.now = clock.now.minus(Duration.ofDays(1));
        assertError(send("DELETE", "/api/v1/users/me/keys/0000000000000000", null, a.cookie, a.csrf, null), 404, "no active API key");
        assertThat(send("DELETE", "/api/v1/users/me/keys/" + keyId, null, a.cookie, a.csrf, null).status()).isEqualTo(200);
        assertError(send("GET", "/api/v1/users/me", null, null, null, null, "X-API-Key", apiKey), 401, "revoked");

        // Second factor: set up, confirmed with a code, then needed at sign-in.
        Reply setup = post("/api/v1/users/me/totp", null, a);
        String secret = setup.body().path("secret").asText();
        assertThat(setup.body().path("uri").asText()).startsWith("otpauth://totp/DPP%3Aada%40example.com?secret=" + secret);
        assertError(post("/api/v1/users/me/totp/confirm", "{\"code\":\"000000\"}".replace("000000",
                Totp.code(secret, clock.instant().minusSeconds(300))), a), 400, "not the current 6-digit code");
        assertThat(post("/api/v1/users/me/totp/confirm", "{\"code\":\"" + Totp.code(secret, clock.instant()) + "\"}", a).status())
                .isEqualTo(200);
        assertError(signIn("ada@example.com", password, null), 401, "second factor");
        assertThat(signIn("ada@example.com", password, "12345x").status()).isEqualTo(401);
        Reply withCode = signIn("ada@example.com", password, Totp.code(secret, clock.instant()));
        assertThat(withCode.status()).isEqualTo(200);
        assertError(signIn("ada@example.com", password, Totp.code(secret, clock.instant())), 401, "wrong email, password or code");
        clock.advance(Duration.ofSeconds(30)); // the next code is good again (and a success ends the run of failures)
        assertThat(signIn("ada@example.com", password, Totp.code(secret, clock.instant())).status()).isEqualTo(200);
        Session b = new Session(withCode.cookie(), withCode.body().path("csrf_token").asText());
        assertThat(get("/api/v1/users/me/sessions", b).body().path("sessions").size()).isEqualTo(3);

        // Password change from session b ends session a.
        assertError(post("/api/v1/users/me/password", "{\"current_password\":\"nope nope nope\",\"new_password\":\"another good one\"}",
                b), 403, "current_password is wrong");
        assertError(post("/api/v1/users/me/password", "{\"current_password\":\"" + password + "\",\"new_password\":\"ada 1\"}", b),
                400, "new_password has 5 characters");
        String password2 = "another good one";
        assertThat(post("/api/v1/users/me/password", "{\"current_password\":\"" + password + "\",\"new_password\":\"" + password2
                + "\"}", b).status()).isEqualTo(200);
        assertError(get("/api/v1/users/me", a), 401, "signed out");
        assertThat(get("/api/v1/users/me", b).status()).isEqualTo(200);

        // Lockout: five failures in a row lock the account; the right password is then refused until the lock ends.
        for (int i = 0; i < 5; i++) {
            assertThat(signIn("ada@example.com", "wrong password " + i, null).status()).isEqualTo(401);
        }
        Reply locked = signIn("ada@example.com", password2, Totp.code(secret, clock.instant()));
        assertError(locked, 429, "locked until");
        assertThat(locked.raw().headers().firstValue("Retry-After").orElseThrow()).isEqualTo("900");
        clock.advance(Duration.ofMinutes(16));
        assertThat(signIn("ada@example.com", password2, Totp.code(secret, clock.instant())).status()).isEqualTo(200);

        // Reset by mail: the token is single-use, the rule applies, every session ends.
        int before = smtp.getReceivedMessages().length;
        assertThat(post("/api/v1/users/password/reset", "{\"email\":\"ada@example.com\"}", null).status()).isEqualTo(202);
        assertThat(post("/api/v1/users/password/reset", "{\"email\":\"nobody@example.com\"}", null).status()).isEqualTo(202);
        MimeMessage reset = mail(before + 1).stream().filter(m -> subject(m).equals("Reset your DPP password")).findFirst().orElseThrow();
        String resetToken = token(reset);
        assertError(post("/api/v1/users/password/reset/confirm", "{\"token\":\"" + resetToken + "\",\"password\":\"weak\"}", null),
                400, "password has 4 characters");
        String password3 = "a third fine password";
        assertThat(post("/api/v1/users/password/reset/confirm", "{\"token\":\"" + resetToken + "\",\"password\":\"" + password3
                + "\"}", null).status()).isEqualTo(200);
        assertError(post("/api/v1/users/password/reset/confirm", "{\"token\":\"" + resetToken + "\",\"password\":\"" + password3
                + "\"}", null), 400, "unknown, used or expired");
        assertError(get("/api/v1/users/me", b), 401, "signed out");
        clock.advance(Duration.ofSeconds(30));
        Reply c = signIn("ada@example.com", password3, Totp.code(secret, clock.instant()));
        assertThat(c.status()).isEqualTo(200);
        Session s = new Session(c.cookie(), c.body().path("csrf_token").asText());

        // Sign-out ends the session and clears the cookie.
        Reply out = post("/api/v1/users/sign-out", null, s);
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.cookie()).contains("Max-Age=0");
        assertError(get("/api/v1/users/me", s), 401, "signed out");

        // The audit log: admins read it, others may not.
        UsersDb.User admin = users.create("root@example.com", null, "admin", "enterprise", new Users.Actor("cli", "local"));
        String adminKey = db.createKey(admin.name(), "enterprise").key();
        Reply audit = send("GET", "/api/v1/audit?limit=500", null, null, null, null, "X-API-Key", adminKey);
        assertThat(audit.status()).isEqualTo(200);
        List<String> actions = new ArrayList<>();
        audit.body().path("audit").forEach(e -> actions.add(e.path("action").asText()));
        assertThat(actions).contains("sign_up", "sign_up_existing", "verify_email", "sign_in", "sign_in_failed", "locked",
                "sign_in_locked", "key_created", "key_revoked", "totp_setup", "totp_enabled", "password_change",
                "password_change_failed", "password_reset_request", "password_reset", "sign_out", "user_created");
        assertThat(audit.body().path("audit").get(0).path("address").asText()).isNotBlank();
        String userKey = db.createKey("ada@example.com", "free").key();
        assertError(send("GET", "/api/v1/audit", null, null, null, null, "X-API-Key", userKey), 403, "only admins");
        // Nothing secret reaches a mail's log line or an answer: the audit names key ids, never keys.
        assertThat(audit.body().toString()).doesNotContain(apiKey).doesNotContain(password).doesNotContain(resetToken);
    }

    @Test
    void signInsAndSignUpsFromOneAddressAreLimited() throws Exception {
        start("h2", 3, 2);
        for (int i = 0; i < 3; i++) {
            assertThat(signIn("x@example.com", "whatever password", null).status()).isEqualTo(401);
        }
        Reply limited = signIn("x@example.com", "whatever password", null);
        assertError(limited, 429, "too many sign-in attempts");
        assertThat(limited.raw().headers().firstValue("Retry-After")).isPresent();
        ticker[0] += TimeUnit.SECONDS.toNanos(21); // a minute's allowance refills evenly
        assertThat(signIn("x@example.com", "whatever password", null).status()).isEqualTo(401);

        assertThat(post("/api/v1/users/sign-up", "{\"email\":\"a@example.com\",\"password\":\"fine password 1\"}", null).status())
                .isEqualTo(202);
        assertThat(post("/api/v1/users/sign-up", "{\"email\":\"b@example.com\",\"password\":\"fine password 1\"}", null).status())
                .isEqualTo(202);
        assertError(post("/api/v1/users/sign-up", "{\"email\":\"c@example.com\",\"password\":\"fine password 1\"}", null), 429,
                "too many sign-ups");
    }

    @Test
    void mailIsKeptInTheOutboxUntilTheSmtpServerTakesIt() throws Exception {
        start("h2", 1000, 1000);
        smtp.stop(); // the server goes away: sign-up still succeeds, the mail waits
        assertThat(post("/api/v1/users/sign-up", "{\"email\":\"eve@example.com\",\"password\":\"fine password 1\"}", null).status())
                .isEqualTo(202);
        assertThat(mailer.awaitAttempts(1, Duration.ofSeconds(30))).as("the failed attempt recorded").isTrue();
        assertThat((int) db.sql().one("SELECT attempts FROM mail_outbox", rs -> rs.getInt(1))).isEqualTo(1);
        assertThat(mailer.pending()).isEqualTo(1);
        smtp = new GreenMail(new ServerSetup(smtpPortOf(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        clock.advance(Duration.ofSeconds(6)); // past the first retry pause
        mailer.wake();
        assertThat(mail(1).get(0).getSubject()).isEqualTo("Verify your DPP account");
        assertThat(mailer.awaitAttempts(2, Duration.ofSeconds(30))).as("the delivery recorded").isTrue();
        assertThat(mailer.pending()).isZero();
        assertThat((int) db.sql().one("SELECT attempts FROM mail_outbox", rs -> rs.getInt(1))).isEqualTo(2);
    }

    /** One route called by each role, with the status each must get. */
    record Case(String method, String path, String body, int anonymous, int user, int other, int support, int admin) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void everyRouteAnswersEachRoleOnlyWhatItMaySee(String engine) throws Exception {
        start(engine, 1000, 1000);
        Users.Actor cli = new Users.Actor("cli", "local");
        String pw = "matrix password 1";
        UsersDb.User owner = users.create("owner@example.com", pw, "user", "free", cli);
        users.create("other@example.com", pw, "user", "free", cli);
        users.create("staff@example.com", pw, "support", "free", cli);
        users.create("boss@example.com", pw, "admin", "enterprise", cli);
        java.util.Map<String, String> keys = new java.util.LinkedHashMap<>();
        keys.put("user", db.createKey("owner@example.com", "free").key());
        keys.put("other", db.createKey("other@example.com", "free").key());
        keys.put("support", db.createKey("staff@example.com", "free").key());
        keys.put("admin", db.createKey("boss@example.com", "enterprise").key());
        String ownerKeyId = AccountsDb.keyId(db.createKey("owner@example.com", "free").key());
        String ownerSession = signIn("owner@example.com", pw, null).body().path("session_id").asText();
        long id = owner.id();
        String t = "A".repeat(43);
        String ticketBody = "{\"subject\":\"gap in trades\",\"body\":\"kraken XBT/USD has a gap\",\"category\":\"data\"}";
        long ticket = send("POST", "/api/v1/tickets", ticketBody, null, null, null, "X-API-Key", keys.get("user")).body().path("id")
                .asLong();
        long duplicate = send("POST", "/api/v1/tickets", ticketBody, null, null, null, "X-API-Key", keys.get("user")).body()
                .path("id").asLong();
        long solved = send("POST", "/api/v1/tickets", ticketBody, null, null, null, "X-API-Key", keys.get("user")).body().path("id")
                .asLong();
        send("PATCH", "/api/v1/tickets/" + solved, "{\"status\":\"solved\"}", null, null, null, "X-API-Key", keys.get("support"));
        long personal = send("POST", "/api/v1/messages", "{\"audience\":\"user\",\"user\":" + id + ",\"subject\":\"your plan\","
                + "\"body\":\"is changing\"}", null, null, null, "X-API-Key", keys.get("admin")).body().path("id").asLong();
        long file = upload("/api/v1/tickets/" + ticket + "/attachments?name=gap.csv", "time,price\n1,2\n".getBytes(
                java.nio.charset.StandardCharsets.UTF_8), null, keys.get("user")).body().path("id").asLong();
        // The owner's own objects come last among the routes that name them, so the others try them first.
        List<Case> cases = List.of(
                new Case("POST", "/api/v1/users/sign-up", "{\"email\":\"new@example.com\",\"password\":\"" + pw + "\"}",
                        202, 202, 202, 202, 202),
                new Case("GET", "/api/v1/users/verify?token=" + t, null, 400, 400, 400, 400, 400),
                new Case("POST", "/api/v1/users/verify", "{\"token\":\"" + t + "\"}", 400, 400, 400, 400, 400),
                new Case("POST", "/api/v1/users/verify/resend", "{\"email\":\"new@example.com\"}", 202, 202, 202, 202, 202),
                new Case("POST", "/api/v1/users/sign-in", "{\"email\":\"owner@example.com\",\"password\":\"wrong one here\"}",
                        401, 401, 401, 401, 401),
                new Case("POST", "/api/v1/users/password/reset", "{\"email\":\"nobody@example.com\"}", 202, 202, 202, 202, 202),
                new Case("POST", "/api/v1/users/password/reset/confirm", "{\"token\":\"" + t + "\",\"password\":\"" + pw + "\"}",
                        400, 400, 400, 400, 400),
                new Case("GET", "/api/v1/users/me", null, 401, 200, 200, 200, 200),
                new Case("PATCH", "/api/v1/users/me", "{\"notify_tickets\":false}", 401, 200, 200, 200, 200),
                new Case("POST", "/api/v1/users/me/password", "{\"current_password\":\"not it at all\",\"new_password\":\"" + pw
                        + "x\"}", 401, 403, 403, 403, 403),
                new Case("POST", "/api/v1/users/me/totp", null, 401, 200, 200, 200, 200),
                new Case("POST", "/api/v1/users/me/totp/confirm", "{\"code\":\"abcdef\"}", 401, 400, 400, 400, 400),
                new Case("POST", "/api/v1/users/me/totp/disable", "{\"password\":\"x\",\"code\":\"123456\"}", 401, 409, 409, 409, 409),
                new Case("GET", "/api/v1/users/me/sessions", null, 401, 200, 200, 200, 200),
                new Case("GET", "/api/v1/users/me/usage", null, 401, 200, 200, 200, 200),
                new Case("GET", "/api/v1/users/me/keys", null, 401, 200, 200, 200, 200),
                new Case("POST", "/api/v1/users/me/keys", null, 401, 201, 201, 201, 201),
                new Case("DELETE", "/api/v1/users/me/keys/" + ownerKeyId, null, 401, 200, 404, 404, 404),
                new Case("DELETE", "/api/v1/users/me/sessions/" + ownerSession, null, 401, 200, 404, 404, 404),
                new Case("GET", "/api/v1/users", null, 401, 403, 403, 200, 200),
                new Case("POST", "/api/v1/users", "{\"email\":\"made-%s@example.com\"}", 401, 403, 403, 403, 201),
                new Case("GET", "/api/v1/users/" + id, null, 401, 403, 403, 200, 200),
                new Case("PATCH", "/api/v1/users/" + id, "{\"plan\":\"pro\"}", 401, 403, 403, 403, 200),
                new Case("GET", "/api/v1/plans", null, 401, 200, 200, 200, 200),
                new Case("PUT", "/api/v1/plans/gold", "{\"history_days\":30}", 401, 403, 403, 403, 200),
                new Case("GET", "/api/v1/audit", null, 401, 403, 403, 403, 200),
                new Case("POST", "/api/v1/tickets", ticketBody, 401, 201, 201, 201, 201),
                new Case("GET", "/api/v1/tickets", null, 401, 200, 200, 200, 200),
                new Case("GET", "/api/v1/tickets/" + ticket, null, 401, 200, 404, 200, 200),
                new Case("POST", "/api/v1/tickets/" + ticket + "/messages", "{\"body\":\"any news?\"}", 401, 201, 404, 201, 201),
                new Case("POST", "/api/v1/tickets/" + ticket + "/messages", "{\"body\":\"note\",\"internal\":true}", 401, 403, 404,
                        201, 201),
                new Case("PATCH", "/api/v1/tickets/" + ticket, "{\"priority\":\"high\"}", 401, 403, 404, 200, 200),
                new Case("GET", "/api/v1/tickets/" + ticket + "/attachments/" + file, null, 401, 200, 404, 200, 200),
                new Case("POST", "/api/v1/tickets/" + duplicate + "/merge", "{\"into\":" + ticket + "}", 401, 403, 403, 200, 409),
                new Case("POST", "/api/v1/tickets/" + solved + "/satisfaction", "{\"rating\":5}", 401, 201, 404, 404, 404),
                new Case("POST", "/api/v1/feedback", "{\"service\":\"backtests\",\"rating\":4}", 401, 201, 201, 201, 201),
                new Case("POST", "/api/v1/feedback/nps", "{\"score\":9}", 401, 201, 201, 201, 201),
                new Case("GET", "/api/v1/feedback", null, 401, 200, 200, 200, 200),
                new Case("GET", "/api/v1/feedback/summary", null, 401, 403, 403, 200, 200),
                new Case("POST", "/api/v1/messages", "{\"subject\":\"hello\",\"body\":\"world\"}", 401, 403, 403, 403, 201),
                new Case("GET", "/api/v1/messages", null, 401, 200, 200, 200, 200),
                new Case("GET", "/api/v1/messages/" + personal, null, 401, 200, 404, 404, 200),
                new Case("POST", "/api/v1/messages/" + personal + "/read", null, 401, 200, 404, 404, 200),
                new Case("POST", "/api/v1/messages/read-all", null, 401, 200, 200, 200, 200),
                new Case("POST", "/api/v1/users/sign-out", null, 401, 200, 200, 200, 200),
                new Case("POST", "/api/v1/users/sign-out-everywhere", null, 401, 200, 200, 200, 200));
        List<String> roles = List.of("anonymous", "other", "support", "admin", "user");
        for (Case c : cases) {
            for (String role : roles) {
                int expected = switch (role) {
                    case "anonymous" -> c.anonymous();
                    case "user" -> c.user();
                    case "other" -> c.other();
                    case "support" -> c.support();
                    default -> c.admin();
                };
                String body = c.body() == null ? null : c.body().replace("%s", role);
                Reply r = role.equals("anonymous") ? send(c.method(), c.path(), body, null, null, null)
                        : send(c.method(), c.path(), body, null, null, null, "X-API-Key", keys.get(role));
                assertThat(r.status()).as("%s %s as %s: %s", c.method(), c.path(), role, r.body()).isEqualTo(expected);
            }
        }
        byte[] csv = "a,b\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String uploadPath = "/api/v1/tickets/" + ticket + "/attachments?name=more.csv";
        assertThat(upload(uploadPath, csv, null, null).status()).isEqualTo(401);
        for (String role : List.of("other", "support", "admin", "user")) {
            assertThat(upload(uploadPath, csv, null, keys.get(role)).status()).as("upload as " + role).isEqualTo(role.equals("other")
                    ? 404 : 201);
        }
        // Every route the API mounts is in the matrix: a new one fails here until its row is added.
        java.util.Set<String> covered = new java.util.TreeSet<>(List.of("POST /api/v1/tickets/:id/attachments"));
        cases.forEach(c -> covered.add(c.method() + " " + c.path().replaceAll("\\?.*", "").replaceAll("/[0-9]+(/|$)", "/:id$1")
                .replace(ownerKeyId, ":id").replace(ownerSession, ":id").replace("/gold", "/:name")
                .replace("/attachments/:id", "/attachments/:file")));
        java.util.Set<String> mounted = new java.util.TreeSet<>();
        router.getRoutes().forEach(route -> {
            if (route.getPath() != null && route.methods() != null && route.getPath().matches("/api/v1/(users|plans|audit|tickets|feedback|messages).*")) {
                route.methods().forEach(m -> mounted.add(m.name() + " " + route.getPath()));
            }
        });
        assertThat(covered).isEqualTo(mounted);
        // What a list shows depends on who asks: a user their own tickets, staff every one.
        assertThat(send("GET", "/api/v1/tickets", null, null, null, null, "X-API-Key", keys.get("other")).body().path("tickets"))
                .extracting(n -> n.path("user").asText()).containsOnly("other@example.com");
        assertThat(send("GET", "/api/v1/tickets", null, null, null, null, "X-API-Key", keys.get("support")).body().path("tickets"))
                .extracting(n -> n.path("user").asText()).contains("owner@example.com", "other@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aTicketIsAnsweredWithinItsTargetsOrCountedAsBreached(String engine) throws Exception {
        start(engine, 1000, 1000);
        Users.Actor cli = new Users.Actor("cli", "local");
        users.create("trader@example.com", null, "user", "pro", cli);
        UsersDb.User agent = users.create("agent@example.com", null, "support", "free", cli);
        String trader = db.createKey("trader@example.com", "pro").key();
        String support = db.createKey("agent@example.com", "free").key();

        assertError(send("POST", "/api/v1/tickets", "{\"subject\":\"x\",\"body\":\"y\",\"category\":\"weather\"}", null, null,
                null, "X-API-Key", trader), 400, "category must be one of [data, trading, billing, account, bug]");
        assertError(send("POST", "/api/v1/tickets", "{\"subject\":\" \",\"body\":\"y\",\"category\":\"bug\"}", null, null,
                null, "X-API-Key", trader), 400, "subject must not be empty");
        assertError(send("POST", "/api/v1/tickets", "{\"subject\":\"x\\r\\nBcc: all@example.com\",\"body\":\"y\",\"category\":\"bug\"}",
                null, null, null, "X-API-Key", trader), 400, "subject must be one line");
        assertError(send("POST", "/api/v1/tickets", "{\"subject\":\"x\",\"body\":\"" + "y".repeat(20_001)
                + "\",\"category\":\"bug\"}", null, null, null, "X-API-Key", trader), 400, "body must be at most 20000 characters");
        Reply opened = send("POST", "/api/v1/tickets", "{\"subject\":\"orders rejected\",\"body\":\"every order on okx is"
                + " rejected\",\"category\":\"trading\",\"priority\":\"urgent\",\"venue\":\"okx\"}", null, null, null,
                "X-API-Key", trader);
        assertThat(opened.status()).isEqualTo(201);
        long id = opened.body().path("id").asLong();
        assertThat(opened.body().path("first_response_due").asText()).isEqualTo(clock.instant().plusSeconds(3600).toString());
        assertThat(opened.body().path("resolution_due").asText()).isEqualTo(clock.instant().plusSeconds(8 * 3600).toString());

        // The queue: staff filter it; a note stays internal; a reply is mailed and is the first response.
        Reply queue = send("GET", "/api/v1/tickets?status=open&priority=urgent&assignee=none", null, null, null, null,
                "X-API-Key", support);
        assertThat(queue.body().path("tickets")).extracting(n -> n.path("id").asLong()).containsExactly(id);
        assertThat(send("PATCH", "/api/v1/tickets/" + id, "{\"assignee\":" + agent.id() + "}", null, null, null, "X-API-Key",
                support).body().path("assignee").asText()).isEqualTo("agent@example.com");
        send("POST", "/api/v1/tickets/" + id + "/messages", "{\"body\":\"looks like their API key lacks trading\",\"internal\":true}",
                null, null, null, "X-API-Key", support);
        clock.advance(Duration.ofMinutes(90)); // past the first-response target of an urgent ticket
        Reply late = send("GET", "/api/v1/tickets/" + id, null, null, null, null, "X-API-Key", trader);
        assertThat(late.body().path("first_response_breached").asBoolean()).isTrue();
        assertThat(late.body().path("messages")).as("the user never sees internal notes").hasSize(1);
        assertThat(gauge("dpp_support_breaches", "first_response")).isEqualTo(1);
        send("POST", "/api/v1/tickets/" + id + "/messages", "{\"body\":\"Please enable trading on the key.\"}", null, null, null,
                "X-API-Key", support);
        MimeMessage reply = mail(1).get(0);
        assertThat(reply.getSubject()).isEqualTo("Re: [DPP #" + id + "] orders rejected");
        assertThat(GreenMailUtil.getBody(reply)).contains("Please enable trading on the key.").doesNotContain("lacks trading");
        Reply staffView = send("GET", "/api/v1/tickets/" + id, null, null, null, null, "X-API-Key", support);
        assertThat(staffView.body().path("messages")).hasSize(3);
        assertThat(staffView.body().path("status").asText()).isEqualTo("pending");
        assertThat(staffView.body().path("first_response").asText()).isEqualTo(clock.instant().toString());
        assertThat(gauge("dpp_support_breaches", "first_response")).isZero();

        // Files: recognized from their bytes, limited in type and size, served back as downloads only.
        byte[] log = "2026-12-04T10:00:00Z order rejected: insufficient permissions\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Reply attached = upload("/api/v1/tickets/" + id + "/attachments?name=okx%20orders.log", log, "application/octet-stream", trader);
        assertThat(attached.status()).as(attached.body().toString()).isEqualTo(201);
        assertThat(attached.body().path("content_type").asText()).isEqualTo("text/plain");
        assertThat(attached.body().path("sha256").asText()).isEqualTo(AccountsDb.sha256(log));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13};
        assertError(upload("/api/v1/tickets/" + id + "/attachments?name=chart.txt", png, "image/png", trader), 400,
                "content is image/png but its name ends in .txt");
        assertError(upload("/api/v1/tickets/" + id + "/attachments?name=run.sh", new byte[] {0x7F, 'E', 'L', 'F', 0, 1}, null, trader),
                400, "none of the types taken");
        assertError(upload("/api/v1/tickets/" + id + "/attachments?name=../../etc.txt", log, null, trader), 400, "name must be");
        assertThat(upload("/api/v1/tickets/" + id + "/attachments?name=big.txt", new byte[Attachments.MAX_BYTES + 1], null, trader)
                .status()).isEqualTo(413);
        assertThat(upload("/api/v1/tickets/" + id + "/attachments?name=a.txt", log, "multipart/form-data; boundary=x", trader)
                .status()).isEqualTo(415);
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + attached.body().path("url").asText())).header("X-API-Key", support).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.body()).isEqualTo(log);
        assertThat(download.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"okx orders.log\"");
        assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(send("GET", "/api/v1/tickets/" + id, null, null, null, null, "X-API-Key", trader).body().path("attachments"))
                .extracting(n -> n.path("name").asText()).containsExactly("okx orders.log");

        // The user answers (open again), support solves it, the user may reopen or close, not more.
        send("POST", "/api/v1/tickets/" + id + "/messages", "{\"body\":\"done, thanks\"}", null, null, null, "X-API-Key", trader);
        assertThat(send("GET", "/api/v1/tickets/" + id, null, null, null, null, "X-API-Key", trader).body().path("status").asText())
                .isEqualTo("open");
        assertThat(send("PATCH", "/api/v1/tickets/" + id, "{\"status\":\"solved\"}", null, null, null, "X-API-Key", support).body()
                .path("resolution_breached").asBoolean()).isFalse();
        assertError(send("PATCH", "/api/v1/tickets/" + id, "{\"priority\":\"low\"}", null, null, null, "X-API-Key", trader), 403,
                "only support staff");
        assertThat(send("PATCH", "/api/v1/tickets/" + id, "{\"status\":\"closed\"}", null, null, null, "X-API-Key", trader)
                .body().path("status").asText()).isEqualTo("closed");
        assertError(send("POST", "/api/v1/tickets/" + id + "/messages", "{\"body\":\"one more\"}", null, null, null, "X-API-Key",
                trader), 409, "is closed");

        // A duplicate merged into the first: it closes, points there, and leaves the lists.
        long dup = send("POST", "/api/v1/tickets", "{\"subject\":\"orders rejected again\",\"body\":\"same\",\"category\":"
                + "\"trading\"}", null, null, null, "X-API-Key", trader).body().path("id").asLong();
        assertThat(send("POST", "/api/v1/tickets/" + dup + "/merge", "{\"into\":" + id + "}", null, null, null, "X-API-Key",
                support).body().path("merged_into").asLong()).isEqualTo(id);
        assertThat(send("GET", "/api/v1/tickets", null, null, null, null, "X-API-Key", trader).body().path("tickets"))
                .extracting(n -> n.path("id").asLong()).containsExactly(id);
        assertThat(gauge("dpp_support_tickets", "closed")).isEqualTo(1);
        List<String> actions = new ArrayList<>();
        users.db().audit(null, null, Instant.EPOCH, 0, 100).forEach(a -> actions.add(a.action()));
        assertThat(actions).contains("ticket_updated", "ticket_note", "ticket_reply", "ticket_merged");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void feedbackIsAggregatedForStaffAndMessagesReachTheirInboxes(String engine) throws Exception {
        start(engine, 1000, 1000);
        Users.Actor cli = new Users.Actor("cli", "local");
        UsersDb.User ann = users.create("ann@example.com", null, "user", "pro", cli);
        users.create("bob@example.com", null, "user", "free", cli);
        users.create("help@example.com", null, "support", "free", cli);
        users.create("root@example.com", null, "admin", "enterprise", cli);
        String a = db.createKey("ann@example.com", "pro").key();
        String b = db.createKey("bob@example.com", "free").key();
        String staff = db.createKey("help@example.com", "free").key();
        String admin = db.createKey("root@example.com", "enterprise").key();

        assertError(postAs(a, "/api/v1/feedback", "{\"service\":\"backtests\",\"rating\":6}"), 400, "rating must be a whole number from 1 to 5");
        assertError(postAs(a, "/api/v1/feedback", "{\"service\":\"weather\",\"rating\":3}"), 400, "service must be one of");
        assertError(postAs(a, "/api/v1/feedback/nps", "{\"score\":11}"), 400, "score must be a whole number from 0 to 10");
        assertThat(postAs(a, "/api/v1/feedback", "{\"service\":\"backtests\",\"subject\":\"bt-1\",\"rating\":4,\"comment\":"
                + "\"fast\"}").status()).isEqualTo(201);
        postAs(a, "/api/v1/feedback", "{\"service\":\"backtests\",\"rating\":5}");
        postAs(a, "/api/v1/feedback", "{\"service\":\"venue_data\",\"subject\":\"okx\",\"rating\":2}");
        postAs(a, "/api/v1/feedback/nps", "{\"score\":10}");
        postAs(b, "/api/v1/feedback/nps", "{\"score\":6,\"comment\":\"needs more venues\"}");
        postAs(b, "/api/v1/feedback/nps", "{\"score\":8}");
        long ticket = postAs(a, "/api/v1/tickets", "{\"subject\":\"q\",\"body\":\"q\",\"category\":\"billing\"}").body().path("id")
                .asLong();
        assertError(postAs(a, "/api/v1/tickets/" + ticket + "/satisfaction", "{\"rating\":5}"), 409, "can be rated once solved");
        send("PATCH", "/api/v1/tickets/" + ticket, "{\"status\":\"solved\"}", null, null, null, "X-API-Key", staff);
        assertThat(postAs(a, "/api/v1/tickets/" + ticket + "/satisfaction", "{\"rating\":5,\"comment\":\"quick\"}").status())
                .isEqualTo(201);
        assertError(postAs(a, "/api/v1/tickets/" + ticket + "/satisfaction", "{\"rating\":1}"), 409, "rated already");
        assertThat(send("GET", "/api/v1/feedback", null, null, null, null, "X-API-Key", b).body().path("feedback")).hasSize(2);

        JsonNode summary = send("GET", "/api/v1/feedback/summary?days=7", null, null, null, null, "X-API-Key", staff).body();
        assertThat(summary.path("answers").asInt()).isEqualTo(7);
        assertThat(summary.at("/ratings_by_service/backtests/count").asInt()).isEqualTo(2);
        assertThat(summary.at("/ratings_by_service/backtests/mean").asDouble()).isEqualTo(4.5);
        assertThat(summary.at("/ratings_by_service/venue_data/mean").asDouble()).isEqualTo(2.0);
        String week = Feedback.week(clock.instant());
        assertThat(week).isEqualTo("2026-11-30"); // the Monday of 2026-12-04
        assertThat(summary.at("/ratings_by_week/" + week + "/count").asInt()).isEqualTo(3);
        assertThat(summary.path("nps").toString()).isEqualTo("{\"count\":3,\"promoters\":1,\"passives\":1,\"detractors\":1,\"score\":0.0}");
        assertThat(summary.at("/nps_by_week/" + week + "/count").asInt()).isEqualTo(3);
        assertThat(summary.path("satisfaction").toString()).isEqualTo("{\"count\":1,\"mean\":5.0,\"satisfied_share\":1.0}");

        // Messages: to everyone, to a plan, to one user; mailed unless a user turned it off; an inbox with read state.
        send("PATCH", "/api/v1/users/me", "{\"notify_announcements\":false}", null, null, null, "X-API-Key", b);
        assertError(postAs(admin, "/api/v1/messages", "{\"kind\":\"maintenance\",\"subject\":\"upgrade\",\"body\":\"down\","
                + "\"starts\":\"2026-12-24T02:00:00Z\",\"ends\":\"2026-12-24T01:00:00Z\"}"), 400, "ends must be after starts");
        Reply all = postAs(admin, "/api/v1/messages", "{\"kind\":\"maintenance\",\"subject\":\"database upgrade\",\"body\":"
                + "\"History answers 503 for ten minutes.\",\"starts\":\"2026-12-24T02:00:00Z\",\"ends\":\"2026-12-24T02:10:00Z\"}");
        assertThat(all.status()).isEqualTo(201);
        assertThat(all.body().path("recipients").asInt()).isEqualTo(4);
        Reply plan = postAs(admin, "/api/v1/messages", "{\"audience\":\"plan\",\"plan\":\"pro\",\"subject\":\"new venues\","
                + "\"body\":\"Pro now streams 34 venues.\"}");
        assertThat(plan.body().path("recipients").asInt()).isEqualTo(1);
        List<String> mails = new ArrayList<>();
        for (MimeMessage m : mail(4)) {
            mails.add(m.getAllRecipients()[0] + " " + m.getSubject());
        }
        assertThat(mails).containsExactlyInAnyOrder("ann@example.com [DPP maintenance] database upgrade",
                "help@example.com [DPP maintenance] database upgrade", "root@example.com [DPP maintenance] database upgrade",
                "ann@example.com [DPP] new venues");
        JsonNode inbox = send("GET", "/api/v1/messages?unread=true", null, null, null, null, "X-API-Key", a).body().path("messages");
        assertThat(inbox).extracting(n -> n.path("subject").asText()).containsExactly("new venues", "database upgrade");
        assertThat(send("GET", "/api/v1/messages", null, null, null, null, "X-API-Key", b).body().path("messages"))
                .extracting(n -> n.path("subject").asText()).containsExactly("database upgrade");
        assertError(send("GET", "/api/v1/messages/" + plan.body().path("id").asLong(), null, null, null, null, "X-API-Key", b), 404,
                "no message");
        assertThat(postAs(a, "/api/v1/messages/" + plan.body().path("id").asLong() + "/read", null).body().path("read").asBoolean())
                .isTrue();
        assertThat(postAs(a, "/api/v1/messages/read-all", null).body().path("read").asInt()).isEqualTo(1);
        assertThat(send("GET", "/api/v1/messages?unread=true", null, null, null, null, "X-API-Key", a).body().path("messages"))
                .isEmpty();
        assertThat(send("GET", "/api/v1/messages?sent=true", null, null, null, null, "X-API-Key", admin).body().path("messages"))
                .hasSize(2);
        assertThat(ann.plan()).isEqualTo("pro");
    }

    private Reply postAs(String key, String path, String body) throws Exception {
        return send("POST", path, body, null, null, null, "X-API-Key", key);
    }

    /** A gauge's value once the tickets are counted again (the accounts service does it every few seconds). */
    private double gauge(String name, String label) {
        tickets.refreshMetrics();
        return metrics.scrape().stream().filter(m -> m.getMetadata().getPrometheusName().equals(name)).flatMap(m -> m.getDataPoints()
                .stream()).filter(d -> d.getLabels().stream().anyMatch(l -> l.getValue().equals(label)))
                .mapToDouble(d -> ((io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot) d).getValue())
                .findFirst().orElseThrow();
    }

    private int lastSmtpPort;

    private int smtpPortOf() {
        return lastSmtpPort;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    record Session(String cookie, String csrf) {
    }

    private static AccountsConfig.SignIn signIn(int perMinute, int signUpsPerHour) {
        return new AccountsConfig.SignIn() {
            public int maxFailures() {
                return 5;
            }

            public Duration lockout() {
                return Duration.ofMinutes(15);
            }

            public int perAddressPerMinute() {
                return perMinute;
            }

            public int signUpsPerAddressPerHour() {
                return signUpsPerHour;
            }
        };
    }

    private AccountsConfig.Mail mailConfig(int smtpPort) {
        lastSmtpPort = smtpPort;
        return new AccountsConfig.Mail() {
            public Optional<String> host() {
                return Optional.of("127.0.0.1");
            }

            public int port() {
                return smtpPort;
            }

            public Optional<String> user() {
                return Optional.empty();
            }

            public Optional<String> password() {
                return Optional.empty();
            }

            public String security() {
                return "none";
            }

            public String from() {
                return "DPP <no-reply@dpp.example.com>";
            }

            public Duration timeout() {
                return Duration.ofSeconds(5);
            }

            public int maxAttempts() {
                return 5;
            }
        };
    }

    private static AccountsConfig config(AccountsConfig.SignIn limits) {
        return (AccountsConfig) java.lang.reflect.Proxy.newProxyInstance(UsersApiTest.class.getClassLoader(),
                new Class<?>[] {AccountsConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "signIn" -> limits;
                    case "sessions" -> new AccountsConfig.SessionsConfig() {
                        public Duration maxAge() {
                            return Duration.ofDays(7);
                        }

                        public Duration idle() {
                            return Duration.ofHours(12);
                        }

                        public boolean secureCookie() {
                            return true;
                        }
                    };
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Waits until the SMTP server has received {@code count} mails; all it has. */
    private List<MimeMessage> mail(int count) throws InterruptedException {
        assertThat(smtp.waitForIncomingEmail(20_000, count)).as("%d mails received", count).isTrue();
        return List.of(smtp.getReceivedMessages());
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token(MimeMessage m) {
        Matcher t = LINK_TOKEN.matcher(GreenMailUtil.getBody(m));
        assertThat(t.find()).as("a token in the mail").isTrue();
        return t.group(1);
    }

    private Reply signIn(String email, String password, String code) throws Exception {
        return post("/api/v1/users/sign-in", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\""
                + (code == null ? "" : ",\"code\":\"" + code + "\"") + "}", null);
    }

    private Reply get(String path, Session s) throws Exception {
        return send("GET", path, null, s == null ? null : s.cookie, null, null);
    }

    private Reply post(String path, String body, Session s) throws Exception {
        return send("POST", path, body, s == null ? null : s.cookie, s == null ? null : s.csrf, null);
    }

    private Reply send(String method, String path, String body, String cookie, String csrf, String origin, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (cookie != null) {
            b.header("Cookie", cookie.substring(0, cookie.indexOf(';')));
        }
        if (csrf != null) {
            b.header(AccessGate.CSRF_HEADER, csrf);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        ticker[0] += TimeUnit.SECONDS.toNanos(1); // a second between requests: the plans' REST rates refill
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        boolean isJson = r.headers().firstValue("content-type").orElse("").startsWith("application/json");
        JsonNode json = r.body().isEmpty() ? JSON.nullNode() : isJson ? JSON.readTree(r.body()) : JSON.getNodeFactory().textNode(r.body());
        return new Reply(r.statusCode(), json, r);
    }

    private Reply upload(String path, byte[] bytes, String type, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).header("Content-Type", type == null ? "application/octet-stream" : type);
        if (key != null) {
            b.header("X-API-Key", key);
        }
        ticker[0] += TimeUnit.SECONDS.toNanos(1);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()), r);
    }

    private static void assertError(Reply r, int status, String message) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(status);
        assertThat(r.body().path("message").asText()).contains(message);
    }
}
