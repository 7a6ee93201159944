package io.dpp.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.streams.Fixtures;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.capture.CaptureReader;
import io.dpp.streams.replay.CaptureDirectory;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Venue;
import io.dpp.streams.venue.simulation.SimVenue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A {@code synced} loss fault on a venue whose books start from a REST snapshot: when the client
 * does not hold the message's book yet (its snapshot, served later, would cover the loss), the
 * fault moves to the first change of a book the client holds (that book's or another's), and hits once. Binance.US's
 * recorded diff stream; "held" stands for the simulator having served the book's snapshot.
 */
class SyncedFaultTest {

    @Test
    void aLossWaitsForABookTheClientHolds() throws Exception {
        CaptureDirectory.VenueCaptures captures = Fixtures.venues().stream()
                .filter(v -> v.venue().id().equals("binance-us")).findFirst().orElseThrow();
        long n = firstChangePast(captures, 0.5);
        FaultSpec.Fault synced = FaultSpec.parse("drop@binance-us:n=" + n + ",synced=true").faults().get(0);
        FaultSpec.Fault plain = FaultSpec.parse("drop@binance-us:n=" + n).faults().get(0);

        SimSession session = session(captures);
        Set<String> held = new HashSet<>();
        String book = null;
        long heldFrom = -1;
        long changesBeforeHeld = 0;
        List<Long> hits = new ArrayList<>();
        while (!session.atEnd()) {
            SimSession.Step step = session.advance();
            if (step == null) {
                continue;
            }
            if (step.number() == n) {
                book = session.changed().iterator().next();
            } else if (book != null && heldFrom < 0 && session.changed().contains(book) && ++changesBeforeHeld == 3) {
                // The client's snapshot of the book is served after two more of its changes went by.
                held.add(book);
                heldFrom = step.number();
            }
            if (session.fault(step.number() == n ? synced : null, held::contains) != null) {
                hits.add(step.number());
            }
        }
        assertThat(book).as("message %d changes a book", n).isNotNull();
        assertThat(heldFrom).as("the book changes again after message %d", n).isGreaterThan(n);
        assertThat(hits).as("the fault hits once, at the book's first change the client holds").containsExactly(heldFrom);

        SimSession again = session(captures);
        List<Long> plainHits = new ArrayList<>();
        List<Long> heldHits = new ArrayList<>();
        while (!again.atEnd()) {
            SimSession.Step step = again.advance();
            if (step != null && again.fault(step.number() == n ? plain : null, b -> false) != null) {
                plainHits.add(step.number());
            }
        }
        SimSession third = session(captures);
        while (!third.atEnd()) {
            SimSession.Step step = third.advance();
            if (step != null && third.fault(step.number() == n ? synced : null, b -> true) != null) {
                heldHits.add(step.number());
            }
        }
        assertThat(plainHits).as("without synced: message n, whatever the client holds").containsExactly(n);
        assertThat(heldHits).as("synced, book held: message n").containsExactly(n);

        // The client holds every book but message n's: the fault hits the first later change of another book.
        String notHeld = book;
        SimSession fourth = session(captures);
        List<Long> otherHits = new ArrayList<>();
        long otherChange = -1;
        while (!fourth.atEnd()) {
            SimSession.Step step = fourth.advance();
            if (step == null) {
                continue;
            }
            if (step.number() > n && otherChange < 0 && fourth.changed().stream().anyMatch(b -> !b.equals(notHeld))) {
                otherChange = step.number();
            }
            if (fourth.fault(step.number() == n ? synced : null, b -> !b.equals(notHeld)) != null) {
                otherHits.add(step.number());
            }
        }
        assertThat(otherChange).as("another book changes after message %d", n).isGreaterThan(n);
        assertThat(otherHits).as("synced, only other books held: their first change after n").containsExactly(otherChange);
    }

    /** The number of the first received message past {@code share} of the capture that changes a book. */
    private static long firstChangePast(CaptureDirectory.VenueCaptures captures, double share) throws Exception {
        SimSession s = session(captures);
        long total = s.receivedTotal();
        while (!s.atEnd()) {
            SimSession.Step step = s.advance();
            if (step != null && step.number() >= total * share && !s.changed().isEmpty()) {
                return step.number();
            }
        }
        throw new AssertionError("no book change past the middle of " + s.name());
    }

    private static SimSession session(CaptureDirectory.VenueCaptures captures) throws Exception {
        Venue venue = captures.venue();
        InstrumentCatalog catalog = venue.parseListing(CaptureReader.read(captures.listing()));
        List<Capture> rest = new ArrayList<>();
        for (var p : captures.rest()) {
            rest.add(CaptureReader.read(p));
        }
        SimVenue sim = venue.simulation().replay();
        Capture ws = CaptureReader.read(captures.mainCapture());
        return new SimSession(venue, sim, new CaptureSource(venue.id(), venue.protocol(), sim, ws, rest, catalog), catalog);
    }
}
