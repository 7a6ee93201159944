package io.dpp.accounts;

/** A failure of the accounts database or a request to it, with a message for a person. */
public final class AccountsException extends RuntimeException {

    public AccountsException(String message) {
        super(message);
    }

    public AccountsException(String message, Throwable cause) {
        super(message, cause);
    }
}
