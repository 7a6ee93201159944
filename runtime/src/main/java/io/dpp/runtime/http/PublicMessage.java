package io.dpp.runtime.http;

/**
 * Marks an exception whose message is written for users and may be shown to a client as it is
 * (a limit a request ran into, say); {@link PublicErrors} hides the message of every other kind.
 */
public interface PublicMessage {
}
