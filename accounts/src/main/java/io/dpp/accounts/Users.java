package io.dpp.accounts;

import io.dpp.runtime.access.Grant;
import io.dpp.runtime.access.Plan;
import io.dpp.runtime.http.HttpProblem;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What users do with their accounts (docs/accounts.md "Users"): sign up with email and password,
 * verify the address, sign in (optionally with a second factor) and out, change or reset the
 * password, manage their API keys, sessions and mail preferences; and what staff do with users.
 * Every method blocks on the database and on password hashing: the API calls it on the users
 * pool. Refusals are {@link HttpProblem}s with a message for a person. Every security-relevant
 * and staff action is written to the audit log in the transaction that makes it.
 */
final class Users {

    /** Who acts and from where, for the audit log. */
    record Actor(String name, String address) {
    }

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
            + "[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    static final Duration VERIFY_TTL = Duration.ofHours(24);
    static final Duration RESET_TTL = Duration.ofHours(1);

    private final AccountsDb accounts;
    private final UsersDb db;
    private final Sessions sessions;
    private final Mailer mailer;
    private final Clock clock;
    private final AccountsConfig.SignIn limits;
    private final String publicUrl;
    private final Counter signIns;
    private KeyAccess access;

    Users(AccountsDb accounts, Sessions sessions, Mailer mailer, Clock clock, AccountsConfig.SignIn limits, String publicUrl,
          PrometheusRegistry metrics) {
        this.accounts = accounts;
        this.db = new UsersDb(accounts.sql());
        this.sessions = sessions;
        this.mailer = mailer;
        this.clock = clock;
        this.limits = limits;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.signIns = Counter.builder().name("dpp_users_sign_ins_total")
                .help("Sign-in attempts by outcome: ok, wrong (email, password or code), locked, unverified, disabled,"
                        + " totp_required, rate_limited").labelNames("outcome").register(metrics);
    }

    /** The grant cache to clear when a session or key ends in this process (null in tests without one). */
    void access(KeyAccess access) {
        this.access = access;
    }

    UsersDb db() {
        return db;
    }

    Sessions sessions() {
        return sessions;
    }

    /** Counts a sign-in refused before it reached the database (rate limit). */
    void countSignIn(String outcome) {
        signIns.labelValues(outcome).inc();
    }

    // ---- sign-up and verification ------------------------------------------------------------------

    /**
     * Signs up {@code email}: the account exists unverified and a verification link is mailed. An
     * address that has an account already gets a mail saying so instead, and the answer is the
     * same, so that sign-up does not tell who has an account.
     */
    void signUp(String email, String password, Actor actor) {
        String address = email(email);
        String weak = Passwords.weakness(password, address);
        if (weak != null) {
            throw bad(weak);
        }
        UsersDb.User existing = db.byEmail(address);
        if (existing != null) {
            mail(existing, "security", "Sign-up with your address", "Someone (perhaps you) tried to sign up to DPP with "
                    + address + ", which already has an account.\n\nIf it was you, sign in, or reset your password at "
                    + publicUrl + "/#/reset.\nIf it was not, nothing has changed.\n", true);
            audit(actor, "sign_up_existing", address, "");
            return;
        }
        String hash = Passwords.hash(password);
        Instant now = clock.instant();
        try {
            db.sql().transaction(c -> {
                if (UsersDb.nameTaken(c, address)) {
                    throw new HttpProblem(409, "conflict", "the name " + address + " is taken by an API-key user; ask an admin");
                }
                long id = UsersDb.insert(c, address, address, hash, Grant.USER, "free", null, now);
                String token = Sessions.random(32);
                UsersDb.addToken(c, AccountsDb.hash(token), id, "verify", now, now.plus(VERIFY_TTL));
                mailer.enqueue(c, address, "Verify your DPP account", verifyText(token), "verify");
                UsersDb.audit(c, now, address, "sign_up", address, "", actor.address());
                return null;
            });
        } catch (AccountsException e) {
            if (db.byEmail(address) != null) {
                return; // signed up twice at once: the first one stands
            }
            throw e;
        }
        mailer.wake();
    }

    private String verifyText(String token) {
        return "Welcome to DPP.\n\nConfirm your email address within 24 hours by opening\n\n  " + publicUrl
                + "/#/verify?token=" + token + "\n\nor with a GET of\n\n  " + publicUrl + "/api/v1/users/verify?token=" + token
                + "\n\nIf you did not sign up, ignore this mail.\n";
    }

    /** Verifies the address of the token's user. */
    String verify(String token, Actor actor) {
        checkToken(token);
        Instant now = clock.instant();
        String email = db.sql().transaction(c -> {
            long id = UsersDb.useToken(c, AccountsDb.hash(token), "verify", now);
            if (id < 0) {
                return null;
            }
            UsersDb.setVerified(c, id, now);
            UsersDb.User u = UsersDb.byId(c, id);
            UsersDb.audit(c, now, u.name(), "verify_email", u.email(), "", actor.address());
            return u.email();
        });
        if (email == null) {
            throw bad("token is unknown, used or expired; POST /api/v1/users/verify/resend sends a new link");
        }
        return email;
    }

    /** Mails a new verification link when {@code email} has an unverified account; silent otherwise. */
    void resendVerification(String email, Actor actor) {
        UsersDb.User u = db.byEmail(email(email));
        if (u == null || u.verified() || u.disabledAt() != null) {
            return;
        }
        Instant now = clock.instant();
        db.sql().transaction(c -> {
            UsersDb.dropTokens(c, u.id(), "verify", now);
            String token = Sessions.random(32);
            UsersDb.addToken(c, AccountsDb.hash(token), u.id(), "verify", now, now.plus(VERIFY_TTL));
            mailer.enqueue(c, u.email(), "Verify your DPP account", verifyText(token), "verify");
            UsersDb.audit(c, now, u.name(), "verify_resend", u.email(), "", actor.address());
            return null;
        });
        mailer.wake();
    }

    // ---- sign-in and out ---------------------------------------------------------------------------

    /** A signed-in session with its user. */
    record SignedIn(Sessions.Created session, UsersDb.User user) {
    }

    /**
     * Signs in: the password (and the second factor's code when the account has one) must match,
     * the account must be verified, enabled and not locked. Failed attempts in a row lock the
     * account for {@code accounts.sign-in.lockout}; a sign-in from a new address is mailed to the
     * user.
     */
    SignedIn signIn(String email, String password, String code, String userAgent, Actor actor) {
        String address = email(email);
        UsersDb.User u = db.byEmail(address);
        Instant now = clock.instant();
        if (u != null && u.lockedUntil() != null && now.isBefore(u.lockedUntil())) {
            signIns.labelValues("locked").inc();
            audit(actor, "sign_in_locked", u.name(), "");
            long seconds = Math.max(1, Duration.between(now, u.lockedUntil()).toSeconds());
            throw new RetryAfter(seconds, "locked", "too many failed sign-ins: this account is locked until " + u.lockedUntil()
                    + " (" + limits.maxFailures() + " failures in a row); resetting the password unlocks it now");
        }
        boolean ok = Passwords.matches(password, u == null ? null : u.passwordHash());
        if (ok && u.totpEnabled()) {
            if (code == null || code.isBlank()) {
                signIns.labelValues("totp_required").inc();
                throw new HttpProblem(401, "totp_required", "this account has a second factor: send the 6-digit code of your"
                        + " authenticator app as \"code\"");
            }
            long step = Totp.step(u.totpSecret(), code.trim(), now);
            // Each code signs in once: the step must be later than the last one taken.
            ok = step > 0 && db.sql().update("UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?", step, u.id(),
                    step) == 1;
        }
        if (!ok) {
            signIns.labelValues("wrong").inc();
            if (u != null) {
                int failures = db.failed(u.id(), limits.maxFailures(), now.plus(limits.lockout()));
                audit(actor, failures >= limits.maxFailures() ? "locked" : "sign_in_failed", u.name(), "failure " + failures);
            }
            throw new HttpProblem(401, "unauthorized", "wrong email, password or code");
        }
        if (u.disabledAt() != null) {
            signIns.labelValues("disabled").inc();
            audit(actor, "sign_in_disabled", u.name(), "");
            throw new HttpProblem(403, "forbidden", "this account is disabled; open a ticket or write to the operator");
        }
        if (!u.verified()) {
            signIns.labelValues("unverified").inc();
            throw new HttpProblem(403, "unverified", "verify your email address first: open the link we mailed to " + u.email()
                    + " (POST /api/v1/users/verify/resend sends it again)");
        }
        boolean[] fresh = new boolean[1];
        Sessions.Created created = db.sql().transaction(c -> {
            UsersDb.clearFailures(c, u.id());
            Sessions.Created s = sessions.create(c, u.id(), actor.address(), userAgent);
            boolean first = Sql.query(c, "SELECT 1 FROM sign_in_addresses WHERE user_id = ?", rs -> 1, u.id()).isEmpty();
            fresh[0] = UsersDb.newAddress(c, u.id(), actor.address(), clock.instant()) && !first;
            if (fresh[0] && u.notifySecurity()) {
                mailer.enqueue(c, u.email(), "New sign-in to your DPP account", "Your account " + u.email()
                        + " was signed in from a new address, " + actor.address() + ", at " + now + " (" + Sessions.cut(userAgent, 120)
                        + ").\n\nIf this was not you, reset your password now: " + publicUrl + "/#/reset\n",
                        "security");
            }
            UsersDb.audit(c, now, u.name(), "sign_in", s.id(), fresh[0] ? "new address" : "", actor.address());
            return s;
        });
        if (fresh[0]) {
            mailer.wake();
        }
        signIns.labelValues("ok").inc();
        return new SignedIn(created, u);
    }

    /** Ends the session the token names. */
    void signOut(String token, Grant grant, Actor actor) {
        if (token != null && sessions.revoke(token)) {
            audit(actor, "sign_out", grant.keyId(), "");
        }
        forget(grant.user(), grant.keyId());
    }

    /** Ends every session of the caller; how many were open. */
    int signOutEverywhere(Grant grant, Actor actor) {
        UsersDb.User u = me(grant);
        int n = db.sql().transaction(c -> {
            int ended = sessions.revokeAll(c, u.id());
            UsersDb.audit(c, clock.instant(), u.name(), "sign_out_everywhere", u.name(), ended + " sessions", actor.address());
            return ended;
        });
        forget(u.name(), null);
        return n;
    }

    // ---- passwords ------------------------------------------------------------------------------

    /** Changes the caller's password; the caller's other sessions end. */
    void changePassword(Grant grant, String current, String next, Actor actor) {
        UsersDb.User u = me(grant);
        if (!Passwords.matches(current, u.passwordHash())) {
            audit(actor, "password_change_failed", u.name(), "");
            throw new HttpProblem(403, "forbidden", "current_password is wrong");
        }
        String weak = Passwords.weakness(next, u.email());
        if (weak != null) {
            throw bad(weak.replace("password", "new_password"));
        }
        String hash = Passwords.hash(next);
        db.sql().transaction(c -> {
            UsersDb.setPassword(c, u.id(), hash);
            Sql.update(c, "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND token_hash NOT LIKE ?",
                    clock.instant(), u.id(), grant.keyId().startsWith("s-") ? grant.keyId().substring(2) + "%" : "-");
            securityMail(c, u, "Your DPP password was changed", "The password of your account " + u.email() + " was changed at "
                    + clock.instant() + " from " + actor.address() + ". Your other sessions were signed out.\n\nIf this was not you,"
                    + " reset your password now: " + publicUrl + "/#/reset\n");
            UsersDb.audit(c, clock.instant(), u.name(), "password_change", u.name(), "", actor.address());
            return null;
        });
        forget(u.name(), null);
        mailer.wake();
    }

    /** Mails a reset link when {@code email} has an account; silent otherwise (no telling who has one). */
    void requestReset(String email, Actor actor) {
        String address = email(email);
        UsersDb.User u = db.byEmail(address);
        if (u == null || u.disabledAt() != null) {
            audit(actor, "password_reset_request", address, "no such account");
            return;
        }
        Instant now = clock.instant();
        db.sql().transaction(c -> {
            UsersDb.dropTokens(c, u.id(), "reset", now);
            String token = Sessions.random(32);
            UsersDb.addToken(c, AccountsDb.hash(token), u.id(), "reset", now, now.plus(RESET_TTL));
            mailer.enqueue(c, u.email(), "Reset your DPP password", "Someone (perhaps you) asked to reset the password of " + u.email()
                    + ".\n\nChoose a new one within an hour at\n\n  " + publicUrl + "/#/reset/confirm?token=" + token
                    + "\n\nor POST it with this token to " + publicUrl + "/api/v1/users/password/reset/confirm\n\n  token: " + token
                    + "\n\nIf it was not you, ignore this mail: nothing"
                    + " has changed.\n", "reset");
            UsersDb.audit(c, now, u.name(), "password_reset_request", u.email(), "", actor.address());
            return null;
        });
        mailer.wake();
    }

    /** Sets a new password with a reset token: the lock is lifted, the address verified, every session ended. */
    void confirmReset(String token, String password, Actor actor) {
        checkToken(token);
        Instant now = clock.instant();
        String[] name = new String[1];
        String hashed = db.sql().transaction(c -> {
            List<Long> owner = Sql.query(c, "SELECT user_id FROM user_tokens WHERE token_hash = ? AND purpose = 'reset'"
                    + " AND used_at IS NULL AND expires_at > ?", rs -> rs.getLong(1), AccountsDb.hash(token), now);
            if (owner.isEmpty()) {
                return null;
            }
            UsersDb.User u = UsersDb.byId(c, owner.get(0));
            String weak = Passwords.weakness(password, u.email());
            if (weak != null) {
                throw bad(weak);
            }
            return "ok";
        });
        if (hashed == null) {
            throw bad("token is unknown, used or expired; ask for a new one (POST /api/v1/users/password/reset)");
        }
        String hash = Passwords.hash(password);
        boolean done = db.sql().transaction(c -> {
            long id = UsersDb.useToken(c, AccountsDb.hash(token), "reset", now);
            if (id < 0) {
                return false;
            }
            UsersDb.User u = UsersDb.byId(c, id);
            name[0] = u.name();
            UsersDb.setPassword(c, id, hash);
            UsersDb.clearFailures(c, id);
            UsersDb.setVerified(c, id, now);
            int ended = sessions.revokeAll(c, id);
            securityMail(c, u, "Your DPP password was reset", "The password of your account " + u.email() + " was reset at " + now
                    + " from " + actor.address() + "; " + ended + " sessions were signed out.\n");
            UsersDb.audit(c, now, u.name(), "password_reset", u.name(), ended + " sessions ended", actor.address());
            return true;
        });
        if (!done) {
            throw bad("token is unknown, used or expired; ask for a new one (POST /api/v1/users/password/reset)");
        }
        forget(name[0], null);
        mailer.wake();
    }

    // ---- second factor ---------------------------------------------------------------------------

    /** Starts enrolling a second factor: a new secret, not in force until a code of it is confirmed. */
    Map<String, Object> totpSetup(Grant grant, Actor actor) {
        UsersDb.User u = me(grant);
        if (u.totpEnabled()) {
            throw new HttpProblem(409, "conflict", "a second factor is on already; turn it off first (POST /api/v1/users/me/totp/disable)");
        }
        String secret = Totp.newSecret();
        db.sql().transaction(c -> {
            UsersDb.setTotp(c, u.id(), secret, false);
            UsersDb.audit(c, clock.instant(), u.name(), "totp_setup", u.name(), "", actor.address());
            return null;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("secret", secret);
        out.put("uri", Totp.uri(secret, u.email()));
        out.put("next", "POST /api/v1/users/me/totp/confirm with {\"code\":\"123456\"} from your authenticator app");
        return out;
    }

    /** Turns the second factor on with a code of the pending secret. */
    void totpConfirm(Grant grant, String code, Actor actor) {
        UsersDb.User u = me(grant);
        if (u.totpSecret() == null || u.totpEnabled()) {
            throw new HttpProblem(409, "conflict", u.totpEnabled() ? "the second factor is on already"
                    : "no second factor is being set up; POST /api/v1/users/me/totp first");
        }
        if (!Totp.verify(u.totpSecret(), code, clock.instant())) {
            throw bad("code is not the current 6-digit code of the secret being set up");
        }
        db.sql().transaction(c -> {
            UsersDb.setTotp(c, u.id(), u.totpSecret(), true);
            securityMail(c, u, "Second factor turned on", "Sign-ins to " + u.email() + " now need a code of your authenticator app.\n");
            UsersDb.audit(c, clock.instant(), u.name(), "totp_enabled", u.name(), "", actor.address());
            return null;
        });
        mailer.wake();
    }

    /** Turns the second factor off; needs the password and a current code. */
    void totpDisable(Grant grant, String password, String code, Actor actor) {
        UsersDb.User u = me(grant);
        if (!u.totpEnabled()) {
            throw new HttpProblem(409, "conflict", "the second factor is off");
        }
        if (!Passwords.matches(password, u.passwordHash()) || !Totp.verify(u.totpSecret(), code, clock.instant())) {
            audit(actor, "totp_disable_failed", u.name(), "");
            throw new HttpProblem(403, "forbidden", "password or code is wrong");
        }
        db.sql().transaction(c -> {
            UsersDb.setTotp(c, u.id(), null, false);
            securityMail(c, u, "Second factor turned off", "Sign-ins to " + u.email() + " no longer need a code.\n");
            UsersDb.audit(c, clock.instant(), u.name(), "totp_disabled", u.name(), "", actor.address());
            return null;
        });
        mailer.wake();
    }

    // ---- the caller ------------------------------------------------------------------------------

    /** The caller's row; 404 for a grant whose user has no row (the open mode's). */
    UsersDb.User me(Grant grant) {
        UsersDb.User u = db.byName(grant.user());
        if (u == null) {
            throw new HttpProblem(404, "not_found", "no user " + grant.user());
        }
        return u;
    }

    void preferences(Grant grant, Boolean tickets, Boolean announcements, Boolean security, Actor actor) {
        UsersDb.User u = me(grant);
        db.sql().transaction(c -> {
            UsersDb.setPreferences(c, u.id(), tickets != null ? tickets : u.notifyTickets(),
                    announcements != null ? announcements : u.notifyAnnouncements(), security != null ? security : u.notifySecurity());
            UsersDb.audit(c, clock.instant(), u.name(), "preferences", u.name(), "tickets=" + tickets + " announcements="
                    + announcements + " security=" + security, actor.address());
            return null;
        });
    }

    // ---- API keys --------------------------------------------------------------------------------

    /** Makes an API key for the caller on their plan (an admin may name any plan). */
    AccountsDb.CreatedKey createKey(Grant grant, String plan, Actor actor) {
        UsersDb.User u = me(grant);
        String on = plan == null ? u.plan() : plan;
        if (!on.equals(u.plan()) && !grant.admin()) {
            throw new HttpProblem(403, "forbidden", "your plan is " + u.plan() + "; keys are made on it (an admin changes plans)");
        }
        if (accounts.keys(u.name()).stream().filter(k -> k.revoked() == null).count() >= MAX_KEYS) {
            throw new HttpProblem(409, "conflict", "at most " + MAX_KEYS + " API keys may be active at once; revoke one first");
        }
        AccountsDb.CreatedKey key;
        try {
            key = accounts.createKey(u.name(), on);
        } catch (AccountsException e) {
            throw bad(e.getMessage());
        }
        db.sql().transaction(c -> {
            securityMail(c, u, "New API key", "An API key (id " + key.keyId() + ", plan " + on + ") was made for " + u.email() + " at "
                    + clock.instant() + " from " + actor.address() + ".\n\nIf this was not you, revoke it and reset your password.\n");
            UsersDb.audit(c, clock.instant(), u.name(), "key_created", key.keyId(), "plan " + on, actor.address());
            return null;
        });
        mailer.wake();
        return key;
    }

    /** Active keys one user may hold. */
    static final int MAX_KEYS = 20;

    /** Revokes one of the caller's keys; 404 when it is not theirs. */
    void revokeKey(Grant grant, String keyId, Actor actor) {
        UsersDb.User u = me(grant);
        boolean theirs = accounts.keys(u.name()).stream().anyMatch(k -> k.keyId().equals(keyId) && k.revoked() == null);
        if (!theirs || !accounts.revoke(keyId)) {
            throw new HttpProblem(404, "not_found", "you have no active API key " + keyId);
        }
        audit(actor, "key_revoked", keyId, "");
        forget(u.name(), keyId);
    }

    // ---- staff -----------------------------------------------------------------------------------

    /** Changes a user's role, plan or state (admins); what changed. */
    UsersDb.User update(Grant admin, long id, String role, String plan, Boolean disabled, Boolean verified, Actor actor) {
        UsersDb.User u = db.byId(id);
        if (u == null) {
            throw new HttpProblem(404, "not_found", "no user " + id);
        }
        if (role != null && !Grant.ROLES.contains(role)) {
            throw bad("role must be one of " + Grant.ROLES + "; got \"" + cut(role) + "\"");
        }
        if (plan != null && accounts.plans().stream().noneMatch(p -> p.name().equals(plan))) {
            throw bad("plan must be one of " + accounts.plans().stream().map(Plan::name).toList() + "; got \"" + cut(plan) + "\"");
        }
        if (u.name().equals(admin.user()) && (Boolean.TRUE.equals(disabled) || (role != null && !role.equals(Grant.ADMIN)))) {
            throw new HttpProblem(409, "conflict", "an admin cannot disable or demote themselves; another admin can");
        }
        Instant now = clock.instant();
        db.sql().transaction(c -> {
            StringBuilder what = new StringBuilder();
            if (role != null && !role.equals(u.role())) {
                UsersDb.setRole(c, id, role);
                what.append("role ").append(u.role()).append(" -> ").append(role).append("; ");
            }
            if (plan != null && !plan.equals(u.plan())) {
                UsersDb.setPlan(c, id, plan);
                what.append("plan ").append(u.plan()).append(" -> ").append(plan).append("; ");
            }
            if (disabled != null && disabled != (u.disabledAt() != null)) {
                UsersDb.setDisabled(c, id, disabled ? now : null);
                if (disabled) {
                    sessions.revokeAll(c, id);
                }
                what.append(disabled ? "disabled; " : "enabled; ");
            }
            if (Boolean.TRUE.equals(verified) && !u.verified()) {
                UsersDb.setVerified(c, id, now);
                what.append("verified; ");
            }
            UsersDb.audit(c, now, admin.user(), "user_updated", u.name(), what.toString().trim(), actor.address());
            return null;
        });
        forget(u.name(), null);
        return db.byId(id);
    }

    /** Creates or changes a plan (admins). */
    Plan putPlan(Grant admin, Plan plan, String description, Actor actor) {
        accounts.putPlan(plan, description);
        audit(new Actor(admin.user(), actor.address()), "plan_updated", plan.name(), plan.toString());
        if (access != null) {
            access.forgetAll();
        }
        return plan;
    }

    /**
     * Creates a user directly (the CLI, for the first admin and for staff): verified at once, with
     * a password when one is given (else they reset it by mail).
     */
    UsersDb.User create(String email, String password, String role, String plan, Actor actor) {
        String address = email(email);
        if (!Grant.ROLES.contains(role)) {
            throw bad("role must be one of " + Grant.ROLES);
        }
        if (password != null) {
            String weak = Passwords.weakness(password, address);
            if (weak != null) {
                throw bad(weak);
            }
        }
        String hash = password == null ? null : Passwords.hash(password);
        Instant now = clock.instant();
        long id = db.sql().transaction(c -> {
            if (UsersDb.nameTaken(c, address)) {
                throw new HttpProblem(409, "conflict", "a user " + address + " exists already");
            }
            long n = UsersDb.insert(c, address, address, hash, role, plan, now, now);
            UsersDb.audit(c, now, actor.name(), "user_created", address, "role " + role + ", plan " + plan, actor.address());
            return n;
        });
        return db.byId(id);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private void securityMail(Connection c, UsersDb.User u, String subject, String text) throws SQLException {
        if (u.notifySecurity() && u.email() != null) {
            mailer.enqueue(c, u.email(), subject, text, "security");
        }
    }

    private void mail(UsersDb.User u, String kind, String subject, String text, boolean force) {
        if (u.email() == null || (!force && !u.notifySecurity())) {
            return;
        }
        db.sql().transaction(c -> {
            mailer.enqueue(c, u.email(), subject, text, kind);
            return null;
        });
        mailer.wake();
    }

    void audit(Actor actor, String action, String target, String detail) {
        db.audit(clock.instant(), actor.name(), action, target, detail, actor.address());
    }

    /** Ends one session of {@code user} in this process's grant cache. */
    void forgetSession(String user, String sessionId) {
        forget(user, sessionId);
    }

    /** How many days of usage {@link #usage} reports, today included. */
    static final int USAGE_DAYS = 7;

    /** The caller's REST requests by key (or session) and UTC day, over the last {@link #USAGE_DAYS} days. */
    Usage.Report usage(Grant grant) {
        if (access == null) {
            throw new HttpProblem(503, "unavailable", "usage is not counted in this process");
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        return new Usage.Report(today, access.usage().of(me(grant).name(), today.minusDays(USAGE_DAYS - 1)));
    }

    /** The caller's API keys, active and revoked. */
    List<AccountsDb.KeyInfo> keys(Grant grant) {
        return accounts.keys(me(grant).name());
    }

    /** Every plan. */
    List<Plan> plans() {
        return accounts.plans();
    }

    private void forget(String user, String keyId) {
        if (access != null) {
            access.forget(user, keyId);
        }
    }

    /** A lower-cased, well-formed email address; 400 naming the field otherwise. */
    static String email(String email) {
        if (email == null || email.isBlank()) {
            throw bad("email is required");
        }
        String e = email.trim().toLowerCase(Locale.ROOT);
        if (e.length() > 254 || !EMAIL.matcher(e).matches()) {
            throw bad("email must be an address such as ada@example.com; got \"" + cut(email) + "\"");
        }
        return e;
    }

    private static void checkToken(String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
            throw bad("token must be the 43-character token from the mail");
        }
    }

    static HttpProblem bad(String message) {
        return new HttpProblem(400, "bad_request", message);
    }

    static String cut(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }

    /** A 429 with the seconds to wait. */
    static final class RetryAfter extends RuntimeException {
        final long seconds;
        final String error;

        RetryAfter(long seconds, String error, String message) {
            super(message, null, false, false);
            this.seconds = seconds;
            this.error = error;
        }
    }
}
