package io.dpp.runtime.http;

/**
 * An HTTP error a handler reports on purpose (bad parameter, missing resource): the router turns it
 * into a JSON body with this status and message. Anything else a handler throws becomes a 500.
 */
public final class HttpProblem extends RuntimeException {

    private final int status;
    private final String error;

    /**
     * @param status  HTTP status, 4xx or 5xx
     * @param error   short machine-readable code, e.g. "bad_request", "not_found"
     * @param message what is wrong, for a person, naming the parameter or resource
     */
    public HttpProblem(int status, String error, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
