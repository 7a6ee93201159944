package io.dpp.streams.json;

/**
 * A venue message could not be decoded. One instance per {@link JsonReader}, reused and thrown
 * without a stack trace, so that a stream of malformed messages costs no allocation; read its
 * message before the reader fails again.
 */
public final class DecodeException extends RuntimeException {

    private String reason = "";
    private int position;

    DecodeException() {
        super(null, null, false, false);
    }

    DecodeException set(String reason, int position) {
        this.reason = reason;
        this.position = position;
        return this;
    }

    /** Byte offset in the reader's buffer where decoding stopped. */
    public int position() {
        return position;
    }

    @Override
    public String getMessage() {
        return reason + " at byte " + position;
    }
}
