package io.dpp.accounts;

import io.dpp.runtime.access.Grant;
import io.dpp.runtime.access.Plan;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.rate.TokenBucket;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Users managed from the command line ({@code dpp users}), on the accounts database directly, as
 * the admin "cli": the first admin, staff accounts, roles, plans, verification, the audit log.
 * Every change is written to the audit log like one made over the API. Mail these changes cause
 * waits in the outbox for the running platform's mailer.
 */
public final class UsersAdmin implements AutoCloseable {

    /** A user as the command prints it. */
    public record UserRow(long id, String email, String name, String role, String plan, boolean verified, boolean disabled,
                          boolean totp, Instant created) {
    }

    private static final Grant CLI = new Grant("cli", "cli", Plan.OPEN, TokenBucket.unlimited(), Grant.ADMIN, null);

    private final Users users;
    private final Mailer mailer;
    private final Users.Actor actor;

    private UsersAdmin(AccountsDb db, AccountsConfig config) {
        Clock clock = Clock.systemUTC();
        this.mailer = Mailer.outboxOnly(db.sql(), config.mail(), clock);
        Sessions sessions = new Sessions(db.sql(), clock, config.sessions().maxAge(), config.sessions().idle());
        this.users = new Users(db, sessions, mailer, clock, config.signIn(), config.publicUrl().orElse("http://localhost"),
                new io.prometheus.metrics.model.registry.PrometheusRegistry());
        this.actor = new Users.Actor("cli", "local:" + System.getProperty("user.name", "?"));
    }

    /** The commands' view of {@code db}. */
    public static UsersAdmin of(AccountsDb db, AccountsConfig config) {
        return new UsersAdmin(db, config);
    }

    /** Creates a verified user; with a null password they set one by reset mail. */
    public UserRow create(String email, String password, String role, String plan) {
        return row(call(() -> users.create(email, password, role, plan, actor)));
    }

    /** Users matching {@code query} (name or email; null for all) of {@code role} (null for any). */
    public List<UserRow> list(String query, String role, int limit) {
        return users.db().list(query, role, limit, 0).stream().map(UsersAdmin::row).toList();
    }

    /** Changes a user found by email or name; null arguments stay as they are. */
    public UserRow set(String who, String role, String plan, Boolean disabled, Boolean verified) {
        UsersDb.User u = users.db().byEmail(who.toLowerCase(java.util.Locale.ROOT));
        if (u == null) {
            u = users.db().byName(who);
        }
        if (u == null) {
            throw new AccountsException("no user " + who);
        }
        long id = u.id();
        return row(call(() -> users.update(CLI, id, role, plan, disabled, verified, actor)));
    }

    /** The newest audit records, one line each. */
    public List<String> audit(String actor, String action, int limit) {
        return users.db().audit(actor, action, Instant.EPOCH, 0, limit).stream()
                .map(a -> a.at() + " " + a.actor() + " " + a.action() + " " + a.target() + (a.detail().isEmpty() ? "" : " (" + a.detail()
                        + ")") + " from " + a.address()).toList();
    }

    private static <T> T call(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (HttpProblem p) {
            throw new AccountsException(p.getMessage(), p);
        }
    }

    private static UserRow row(UsersDb.User u) {
        return new UserRow(u.id(), u.email(), u.name(), u.role(), u.plan(), u.verified(), u.disabledAt() != null, u.totpEnabled(),
                u.createdAt());
    }

    @Override
    public void close() {
        mailer.close();
    }
}
