package io.dpp.book;

/**
 * How a venue's checksum writes one level (price and size) as text. The book caches each level's
 * text and asks for it again only when the level changes, because checksums read the same top
 * levels over and over while an update changes one or two of them.
 */
public interface LevelText {

    /** Longest text one level may produce. */
    int MAX_LENGTH = 48;

    /** Writes the level's text into {@code dst} at {@code offset}; returns its length (at most {@link #MAX_LENGTH}). */
    int write(long price, long size, byte[] dst, int offset);
}
