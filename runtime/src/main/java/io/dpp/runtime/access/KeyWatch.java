package io.dpp.runtime.access;

import io.dpp.runtime.http.HttpProblem;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Keeps checking the keys of open WebSocket connections, so that a key revoked while a client is
 * connected ends its connections too, within the key cache's period. {@link #check} runs on a
 * timer; it asks {@link Access#authenticate} once per distinct key, which answers from the cache
 * until that expires, so the database sees each key at most once per cache period.
 */
public final class KeyWatch {

    private final Access access;
    private final Map<String, Set<Consumer<String>>> watchers = new ConcurrentHashMap<>();

    public KeyWatch(Access access) {
        this.access = access;
    }

    /**
     * Calls {@code revoked} with the reason (at most once) when {@code key} stops being valid.
     * The callback runs on whatever thread noticed: it must hand its work to the connection's own
     * event loop. Returns what to run when the connection closes.
     */
    public Runnable watch(String key, Consumer<String> revoked) {
        if (access.open()) {
            return () -> { };
        }
        Consumer<String> once = new Consumer<>() {
            private final java.util.concurrent.atomic.AtomicBoolean told = new java.util.concurrent.atomic.AtomicBoolean();

            @Override
            public void accept(String reason) {
                if (told.compareAndSet(false, true)) {
                    revoked.accept(reason);
                }
            }
        };
        watchers.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(once);
        return () -> watchers.computeIfPresent(key, (k, set) -> {
            set.remove(once);
            return set.isEmpty() ? null : set;
        });
    }

    /** Checks every watched key once. */
    public void check() {
        for (String key : watchers.keySet()) {
            access.authenticate(key).whenComplete((grant, error) -> {
                Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
                if (cause instanceof HttpProblem p && p.status() == 401) {
                    Set<Consumer<String>> set = watchers.remove(key);
                    if (set != null) {
                        access.denied("stream", "revoked");
                        set.forEach(w -> w.accept(p.getMessage()));
                    }
                }
            });
        }
    }
}
