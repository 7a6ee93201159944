package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.dpp.client.TradingClient;
import io.dpp.client.UsersClient;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Users end to end on the running platform (the shared abuse platform, whose mail goes to an SMTP
 * server in this JVM), through the Java client: sign-up and the mailed verification link, sign-in
 * with a session, an API key of their own that opens the data APIs, the first admin made by
 * {@code dpp users create} setting their password through the mailed reset, an admin changing a
 * user's plan (seen by that user's session at once), the audit log, sign-out everywhere.
 */
@org.junit.jupiter.api.parallel.ResourceLock(AbusePlatform.LOCK)
@org.junit.jupiter.api.extension.ExtendWith(AbusePlatform.Resolver.class)
class UsersTest {

    private static final Pattern TOKEN = Pattern.compile("token[=:] ?([A-Za-z0-9_-]{43})");
    private static AbusePlatform p;
    private static UsersClient anyone;

    @BeforeAll
    static void platform(AbusePlatform platform) {
        p = platform;
        anyone = UsersClient.builder(URI.create("http://127.0.0.1:" + p.port)).build();
    }

    @Test
    void aUserSignsUpByMailSignsInAndIsManagedByAnAdmin() throws Exception {
        String password = "rows and columns 42";
        assertThat(anyone.signUp("Grace@Example.com", password).path("status").asText()).isEqualTo("verification_sent");
        MimeMessage verify = mailTo("grace@example.com", "Verify your DPP account");
        assertThat(GreenMailUtil.getBody(verify)).contains("https://dpp.example.com/api/v1/users/verify?token=");
        assertThatThrownBy(() -> anyone.signIn("grace@example.com", password, null))
                .isInstanceOfSatisfying(TradingClient.Refused.class, r -> assertThat(r.error()).isEqualTo("unverified"));
        assertThat(p.send("GET", linkPath(GreenMailUtil.getBody(verify)), null).statusCode()).isEqualTo(200);

        UsersClient grace = anyone.signIn("grace@example.com", password, null);
        assertThat(grace.me().path("via").asText()).isEqualTo("session");
        JsonNode key = grace.createKey(null);
        assertThat(mailTo("grace@example.com", "New API key")).isNotNull();
        // The key of their own opens the data APIs within the plan (free: kraken is in it, okx is not).
        assertThat(p.send("GET", "/api/v1/venues/kraken", null, "X-API-Key", key.path("key").asText()).statusCode()).isEqualTo(200);
        assertThat(p.send("GET", "/api/v1/venues/okx", null, "X-API-Key", key.path("key").asText()).statusCode()).isEqualTo(403);
        assertThatThrownBy(() -> grace.users(null, null, 10, 0))
                .isInstanceOfSatisfying(TradingClient.Refused.class, r -> assertThat(r.status()).isEqualTo(403));

        // The first admin: made on the command line without a password, which they set by mail.
        DppProcess made = DppProcess.run(p.env, "users", "create", "--email", "boss@example.com", "--role", "admin", "--plan",
                "enterprise");
        assertThat(made.exitCode()).as(made.output()).isZero();
        anyone.requestPasswordReset("boss@example.com");
        String reset = token(mailTo("boss@example.com", "Reset your DPP password"));
        String adminPassword = "the keys to the kingdom";
        anyone.confirmPasswordReset(reset, adminPassword);
        UsersClient boss = anyone.signIn("boss@example.com", adminPassword, null);
        JsonNode found = boss.users("grace", null, 10, 0).path("users");
        assertThat(found).hasSize(1);
        long graceId = found.get(0).path("id").asLong();
        assertThat(boss.updateUser(graceId, Map.of("plan", "pro")).path("plan").asText()).isEqualTo("pro");
        assertThat(grace.me().path("plan").asText()).as("the session sees the new plan at once").isEqualTo("pro");

        List<String> actions = new ArrayList<>();
        boss.audit(null, null, 500).path("audit").forEach(a -> actions.add(a.path("actor").asText() + " " + a.path("action").asText()));
        assertThat(actions).contains("grace@example.com sign_up", "grace@example.com verify_email", "grace@example.com sign_in",
                "grace@example.com key_created", "cli user_created", "boss@example.com password_reset",
                "boss@example.com user_updated");

        assertThat(grace.signOutEverywhere().path("sessions").asInt()).isEqualTo(1);
        assertThatThrownBy(grace::me).isInstanceOfSatisfying(TradingClient.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
        p.assertStanding();
    }

    @Test
    void aTicketIsAnsweredFromTheCommandLineRatedAndAnnouncementsReachTheInbox() throws Exception {
        // One admin from the command line; the others made by that admin over the API, signed in.
        String chiefKey = userKey("chief@example.com", "admin");
        URI base = URI.create("http://127.0.0.1:" + p.port);
        UsersClient chief = UsersClient.builder(base).apiKey(chiefKey).build();
        // The customer's plan allows the test's pace: a free plan's 5 REST requests a second is
        // less than the few calls below make back to back.
        chief.createUser("trader@example.com", "ticket password 1", "user", "pro");
        chief.createUser("agent@example.com", "ticket password 2", "support", null);
        UsersClient customer = anyone.signIn("trader@example.com", "ticket password 1", null);
        UsersClient agentSession = anyone.signIn("agent@example.com", "ticket password 2", null);
        String agentKey = agentSession.createKey(null).path("key").asText();

        long id = customer.openTicket("okx book stale", "The okx BTC-USDT book stopped at 10:02.", "data", "high", "okx", null)
                .path("id").asLong();
        customer.attachFile(id, "okx feed.log", "10:02:03 resync\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Map<String, String> agent = new java.util.HashMap<>(p.env);
        agent.put("DPP_API_KEY", agentKey);
        DppProcess queue = DppProcess.run(agent, "tickets", "list", "--status", "open", "--priority", "high");
        assertThat(queue.exitCode()).as(queue.output()).isZero();
        assertThat(queue.output()).contains("okx book stale");
        DppProcess reply = DppProcess.run(agent, "tickets", "reply", Long.toString(id), "A resync was missed; fixed in 0.2.");
        assertThat(reply.exitCode()).as(reply.output()).isZero();
        assertThat(GreenMailUtil.getBody(mailTo("trader@example.com", "Re: [DPP #" + id + "] okx book stale")))
                .contains("A resync was missed; fixed in 0.2.");
        DppProcess solve = DppProcess.run(agent, "tickets", "set", Long.toString(id), "--status", "solved");
        assertThat(solve.exitCode()).as(solve.output()).isZero();
        JsonNode thread = customer.ticket(id);
        assertThat(thread.path("status").asText()).isEqualTo("solved");
        assertThat(thread.path("first_response_breached").asBoolean()).isFalse();
        assertThat(thread.path("attachments").get(0).path("content_type").asText()).isEqualTo("text/plain");
        customer.rateTicket(id, 5, "quick and clear");
        customer.nps(9, null);
        JsonNode summary = agentSession.feedbackSummary(7);
        assertThat(summary.at("/satisfaction/count").asInt()).isGreaterThanOrEqualTo(1);

        chief.sendMessage(Map.of("kind", "maintenance", "subject", "history maintenance", "body", "Ten minutes of 503.",
                "starts", "2030-01-01T02:00:00Z", "ends", "2030-01-01T02:10:00Z"));
        assertThat(mailTo("trader@example.com", "[DPP maintenance] history maintenance")).isNotNull();
        JsonNode inbox = customer.inbox(true).path("messages");
        assertThat(inbox).extracting(m -> m.path("subject").asText()).contains("history maintenance");
        assertThat(customer.readAllMessages().path("read").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(customer.inbox(true).path("messages")).isEmpty();
        p.assertStanding();
    }

    /** A user made on the command line with {@code role}, and an API key of theirs. */
    private static String userKey(String email, String role) throws Exception {
        DppProcess made = DppProcess.run(p.env, "users", "create", "--email", email, "--role", role);
        assertThat(made.exitCode()).as(made.output()).isZero();
        DppProcess key = DppProcess.run(p.env, "keys", "create", "--user", email, "--plan", "free");
        assertThat(key.exitCode()).as(key.output()).isZero();
        return key.stdout().get(0).trim();
    }

    /** The first mail to {@code to} with {@code subject}, waiting for it. */
    private static MimeMessage mailTo(String to, String subject) throws Exception {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            MimeMessage[] received = p.smtp.getReceivedMessages();
            for (MimeMessage m : received) {
                if (m.getAllRecipients()[0].toString().equals(to) && m.getSubject().equals(subject)) {
                    return m;
                }
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no mail \"" + subject + "\" to " + to);
            }
            p.smtp.waitForIncomingEmail(500, received.length + 1); // returns when the next mail arrives
        }
    }

    private static String token(MimeMessage m) {
        Matcher t = TOKEN.matcher(GreenMailUtil.getBody(m));
        assertThat(t.find()).as("a token in the mail").isTrue();
        return t.group(1);
    }

    /** The path and query of the API link in a mail's text (the console's link, /#/..., is for browsers). */
    private static String linkPath(String text) {
        Matcher m = Pattern.compile("https://dpp\\.example\\.com(/api/\\S+)").matcher(text);
        assertThat(m.find()).as("a link in " + text).isTrue();
        return m.group(1);
    }
}
