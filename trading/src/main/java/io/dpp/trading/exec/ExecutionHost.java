package io.dpp.trading.exec;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Where strategies run forward: the EMS of this process, which hosts each strategy session on its
 * own thread, on the same stream of market events as its paper venue. A session sees an event
 * after the venue has applied it, sends orders at that event's receive time, and receives its
 * timers, order updates and fills between events in time order, exactly as a backtest orders them
 * (see {@code docs/decisions/023-forward-runs-beside-the-paper-venue.md}); so a strategy run on
 * paper over recorded traffic fills as its backtest over the same history does.
 *
 * <p>Every call of a {@link ExecutionSession} and every call of a {@link ExecutionListener} happens on
 * the host's thread; {@link #call} runs other code there.
 */
public interface ExecutionHost {

    /**
     * Opens a session for {@code user}'s trading account {@code account}, receiving the market
     * events of {@code instruments} ({@code {venue, symbol}} pairs, native or normalized symbols;
     * an instrument the feeds have not shown yet joins when it first does).
     *
     * @param clientIdPrefix prefix of the client order ids the session gives its orders (unique per
     *                       account and session: {@code prefix + n}); the session's working orders
     *                       from before a restart are those whose client order id starts with it
     * @return on the host's thread: the session, or an exception naming why not (no such account)
     */
    CompletableFuture<ExecutionSession> open(String user, String account, String clientIdPrefix, List<String[]> instruments,
                                             ExecutionListener listener);

    /** Runs {@code work} on the host's thread; its result completes the future. */
    <T> CompletableFuture<T> call(Supplier<T> work);
}
