package io.dpp.accounts;

import io.dpp.runtime.http.HttpConfig;
import io.dpp.runtime.http.HttpModule;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The people side of the accounts service: users who sign up and sign in, their sessions, keys and
 * mail, staff's user management and the audit log (docs/accounts.md "Users"), support tickets,
 * feedback and messages (docs/support.md), with the mail outbox's sender. In the open demo mode there are no users: its routes answer 503 saying so.
 */
public final class UsersModule implements RuntimeModule {

    public static final String NAME = "users";

    private Blocking blocking;
    private Mailer mailer;
    private AccessModule access;
    private java.util.concurrent.ScheduledExecutorService gauges;

    /** How often the gauges that count rows (tickets, breaches, the mail outbox) are counted again. */
    static final Duration GAUGES_EVERY = Duration.ofSeconds(10);

    /** The registry entry. */
    public static ModuleDescriptor descriptor() {
        return new ModuleDescriptor(NAME, "accounts", List.of(HttpModule.NAME, AccessModule.NAME), UsersModule::new);
    }

    @Override
    public void start(ModuleContext context) {
        AccountsConfig config = context.config(AccountsConfig.class);
        HttpModule http = context.module(HttpModule.class);
        access = context.module(AccessModule.class);
        if (access.db() == null) {
            // The same routes, so that the API is the same in every mode, behind a guard that answers first.
            http.router().routeWithRegex("/api/v1/(users|plans|audit|tickets|feedback|messages)(/.*)?").order(-100).handler(ctx -> {
                throw new HttpProblem(503, "unavailable", "there are no users in the open demo mode (accounts.access: open);"
                        + " run with accounts.access: keys to sign users in");
            });
            new UsersApi(null, config, null, System::nanoTime).install(http.router(), http.gate());
            new TicketsApi(null, null, Clock.systemUTC()).install(http.router());
            new SupportApi(null, null, null, null, Clock.systemUTC()).install(http.router());
            return;
        }
        Clock clock = Clock.systemUTC();
        mailer = new Mailer(access.db().sql(), config.mail(), clock, context.metrics());
        String publicUrl = config.publicUrl().orElse("http://localhost:" + context.config(HttpConfig.class).port());
        Users users = new Users(access.db(), access.sessions(), mailer, clock, config.signIn(), publicUrl, context.metrics());
        users.access(access.keys());
        blocking = new Blocking();
        new UsersApi(users, config, blocking, System::nanoTime).install(http.router(), http.gate());
        Tickets tickets = new Tickets(users.db(), mailer, clock, publicUrl, System::nanoTime, context.metrics());
        new TicketsApi(tickets, blocking, clock).install(http.router());
        // Counted off the scrape, so that /metrics answers at once while the database is away.
        gauges = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "accounts-gauges");
            t.setDaemon(true);
            return t;
        });
        gauges.scheduleWithFixedDelay(() -> {
            tickets.refreshMetrics();
            mailer.refreshMetrics();
        }, 0, GAUGES_EVERY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        new SupportApi(new Feedback(users.db(), clock, System::nanoTime, context.metrics()),
                new Messages(users.db(), mailer, clock, System::nanoTime, context.metrics()), tickets, blocking, clock)
                .install(http.router());
    }

    /** Not ready while the accounts database is away: sign-in, tickets and feedback cannot work without it. */
    @Override
    public boolean isReady() {
        return access == null || access.databaseUp();
    }

    @Override
    public void stop(Duration budget) {
        if (gauges != null) {
            gauges.shutdownNow();
        }
        if (blocking != null) {
            blocking.close();
        }
        if (mailer != null) {
            mailer.close();
        }
    }
}
