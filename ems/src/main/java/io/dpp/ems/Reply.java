package io.dpp.ems;

/**
 * The EMS's answer to a request: an HTTP status and a body (a map or list rendered as JSON, or
 * an {@link io.dpp.runtime.http.HttpProblem}'s fields).
 */
record Reply(int status, Object body) {
}
