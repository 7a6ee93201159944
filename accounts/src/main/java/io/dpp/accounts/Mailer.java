package io.dpp.accounts;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mail to users through SMTP (Jakarta Mail), never lost: a message is written to the
 * {@code mail_outbox} table in the transaction of what caused it, and a sender thread delivers it,
 * retrying with growing pauses (5 s, 10 s, 20 s ... at most an hour) up to
 * {@code accounts.mail.max-attempts} times. Several processes may share one outbox: a message is
 * claimed for two minutes by one before it is sent. Without {@code accounts.mail.host} nothing is
 * sent and messages wait in the outbox (counted in {@code dpp_mail_outbox_pending}). Message
 * bodies are never logged: they hold one-time links.
 */
final class Mailer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);
    private static final Duration CLAIM = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofSeconds(5);
    private static final int BATCH = 20;
    /** A message given up waits this far in the future, out of every batch. */
    private static final Instant NEVER = Instant.parse("9999-01-01T00:00:00Z");

    private record Due(long id, String recipient, String subject, String body, int attempts, String kind) {
    }

    private final Sql sql;
    private final AccountsConfig.Mail config;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private final Counter sent;
    private final Counter failures;
    private final Thread sender;
    private volatile boolean running = true;
    /** Deliveries tried and recorded (sent or failed), for {@link #awaitAttempts}. */
    private long attempts;

    Mailer(Sql sql, AccountsConfig.Mail config, Clock clock, PrometheusRegistry metrics) {
        this(sql, config, clock, metrics, true);
    }

    /** A mailer that only writes to the outbox, for commands beside a running platform (whose mailer sends). */
    static Mailer outboxOnly(Sql sql, AccountsConfig.Mail config, Clock clock) {
        return new Mailer(sql, config, clock, new PrometheusRegistry(), false);
    }

    private Mailer(Sql sql, AccountsConfig.Mail config, Clock clock, PrometheusRegistry metrics, boolean send) {
        this.sql = sql;
        this.config = config;
        this.clock = clock;
        this.sent = Counter.builder().name("dpp_mail_sent_total").help("Mails delivered to the SMTP server, by kind")
                .labelNames("kind").register(metrics);
        this.failures = Counter.builder().name("dpp_mail_failures_total")
                .help("Failed SMTP deliveries by outcome: retry (tried again later) or given_up (after accounts.mail.max-attempts)")
                .labelNames("outcome").register(metrics);
        GaugeWithCallback.builder().name("dpp_mail_outbox_pending").help("Mails in the outbox not delivered yet (given-up ones excluded)")
                .callback(cb -> cb.call(pendingSeen)).register(metrics);
        if (!send) {
            sender = null;
        } else if (config.host().isPresent()) {
            sender = Thread.ofPlatform().daemon().name("accounts-mail").start(this::run);
        } else {
            sender = null;
            LOG.warn("accounts.mail.host is not set: mail to users (verification, password reset, notifications) waits in the "
                    + "outbox unsent; new users need an admin to verify them (dpp users verify EMAIL)");
        }
    }

    /** True when mail is actually sent. */
    boolean sending() {
        return sender != null;
    }

    /** Queues a message in the caller's transaction; call {@link #wake} after it commits. */
    void enqueue(Connection c, String recipient, String subject, String body, String kind) throws SQLException {
        Instant now = clock.instant();
        Sql.update(c, "INSERT INTO mail_outbox (recipient, subject, body, kind, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)",
                recipient, Sessions.cut(subject, 256), Sessions.cut(body, 20_000), kind, now, now);
    }

    /** Lets the sender look at the outbox now rather than at its next poll. */
    void wake() {
        wake.release();
    }

    /** Messages not delivered and not given up. */
    /** The outbox's pending mails as {@link #refreshMetrics()} last counted them (a scrape never waits for the database). */
    private volatile long pendingSeen;

    /** Counts the outbox again for the gauge (the accounts service calls it on a schedule); keeps the count while the database is away. */
    void refreshMetrics() {
        long n = pending();
        if (n >= 0) {
            pendingSeen = n;
        }
    }

    long pending() {
        try {
            Long n = sql.one("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at < ?", rs -> rs.getLong(1), NEVER);
            return n == null ? 0 : n;
        } catch (AccountsException e) {
            return -1;
        }
    }

    private void run() {
        while (running) {
            try {
                int done = deliverDue();
                if (done < BATCH) {
                    wake.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("mail outbox: {}", e.getMessage());
                try {
                    Thread.sleep(POLL.toMillis()); // the database is away: try again at the next poll
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Sends what is due now; how many messages it tried. */
    int deliverDue() {
        Instant now = clock.instant();
        List<Due> due = sql.query("SELECT id, recipient, subject, body, attempts, kind FROM mail_outbox WHERE sent_at IS NULL"
                + " AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id FETCH FIRST " + BATCH + " ROWS ONLY",
                rs ->
                new Due(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6)),
                now, now);
        int tried = 0;
        for (Due d : due) {
            if (sql.update("UPDATE mail_outbox SET claimed_until = ? WHERE id = ? AND sent_at IS NULL AND (claimed_until IS NULL"
                    + " OR claimed_until < ?)", now.plus(CLAIM), d.id(), now) != 1) {
                continue; // another process has it
            }
            tried++;
            String kind = d.kind();
            try {
                send(d.recipient(), d.subject(), d.body());
                sql.update("UPDATE mail_outbox SET sent_at = ?, attempts = ?, claimed_until = NULL WHERE id = ?", clock.instant(),
                        d.attempts() + 1, d.id());
                sent.labelValues(kind).inc();
                attempted();
            } catch (MessagingException e) {
                int attempts = d.attempts() + 1;
                boolean giveUp = attempts >= config.maxAttempts();
                long pause = Math.min(3600, 5L << Math.min(attempts - 1, 20));
                String error = Sessions.cut(String.valueOf(e.getMessage()), 1000);
                sql.update("UPDATE mail_outbox SET attempts = ?, next_attempt_at = ?, claimed_until = NULL, last_error = ? WHERE id = ?",
                        attempts, giveUp ? NEVER : clock.instant().plusSeconds(pause), error, d.id());
                failures.labelValues(giveUp ? "given_up" : "retry").inc();
                attempted();
                LOG.warn("mail {} ({}) to the SMTP server failed (attempt {} of {}): {}", d.id(), kind, attempts, config.maxAttempts(),
                        error);
            }
        }
        return tried;
    }

    private synchronized void attempted() {
        attempts++;
        notifyAll();
    }

    /**
     * Waits until {@code n} deliveries in all have been tried and their outcome recorded in the
     * outbox (sent or failed); false when {@code timeout} passed first.
     */
    synchronized boolean awaitAttempts(long n, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (attempts < n) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private void send(String recipient, String subject, String body) throws MessagingException {
        Properties p = new Properties();
        String proto = config.security().equals("tls") ? "smtps" : "smtp";
        p.put("mail.transport.protocol", proto);
        p.put("mail." + proto + ".host", config.host().orElseThrow());
        p.put("mail." + proto + ".port", Integer.toString(config.port()));
        String timeout = Long.toString(config.timeout().toMillis());
        p.put("mail." + proto + ".connectiontimeout", timeout);
        p.put("mail." + proto + ".timeout", timeout);
        p.put("mail." + proto + ".writetimeout", timeout);
        if (config.security().equals("starttls")) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        p.put("mail." + proto + ".auth", Boolean.toString(config.user().isPresent()));
        Session session = Session.getInstance(p);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(config.from()));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        m.setSubject(subject, "UTF-8");
        m.setText(body, "UTF-8");
        m.setSentDate(Date.from(clock.instant()));
        try (Transport t = session.getTransport(proto)) {
            t.connect(config.host().get(), config.port(), config.user().orElse(null), config.password().orElse(null));
            t.sendMessage(m, m.getAllRecipients());
        }
    }

    @Override
    public void close() {
        running = false;
        if (sender != null) {
            sender.interrupt();
            try {
                sender.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
