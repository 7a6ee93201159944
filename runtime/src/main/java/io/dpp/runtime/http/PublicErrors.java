package io.dpp.runtime.http;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a client may read of a failure. The messages of {@link HttpProblem},
 * {@link IllegalArgumentException} and {@link PublicMessage} exceptions are written for users and pass; anything else (a store error
 * with its SQL, a bug's exception) is logged in full with a reference and the client gets only
 * the reference, so that internals never leak into an API answer.
 */
public final class PublicErrors {

    private static final Logger LOG = LoggerFactory.getLogger(PublicErrors.class);
    private static final AtomicLong REFERENCES = new AtomicLong();

    private PublicErrors() {
    }

    /** The text a client may see for {@code failure}, logging the details of an internal one under {@code context}. */
    public static String message(String context, Throwable failure) {
        if (failure instanceof HttpProblem || failure instanceof IllegalArgumentException || failure instanceof PublicMessage) {
            return failure.getMessage();
        }
        String reference = Long.toHexString(System.currentTimeMillis() / 1000) + "-" + REFERENCES.incrementAndGet();
        LOG.error("{} failed (reference {})", context, reference, failure);
        return "internal error (reference " + reference + "); the server log has the details";
    }
}
