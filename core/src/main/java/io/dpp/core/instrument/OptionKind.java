package io.dpp.core.instrument;

/** Call or put, for {@link InstrumentType#OPTION}. */
public enum OptionKind {
    CALL('C'),
    PUT('P');

    private final char letter;

    OptionKind(char letter) {
        this.letter = letter;
    }

    /** 'C' or 'P', as used in normalized symbols. */
    public char letter() {
        return letter;
    }
}
