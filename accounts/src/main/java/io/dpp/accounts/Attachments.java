package io.dpp.accounts;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a ticket attachment may be: at most {@value #MAX_BYTES} bytes, a name of plain characters,
 * and one of a few types recognized from the bytes themselves (never from what the client says):
 * PNG, JPEG and PDF by their signatures, text (plain, CSV, JSON, log) as UTF-8 without control
 * characters other than tab, CR and LF. The name's extension must agree with the detected type.
 * Served back as a download only ({@code Content-Disposition: attachment}, {@code nosniff}, a
 * sandboxing Content Security Policy), so a file can never run as a page of the platform.
 */
final class Attachments {

    static final int MAX_BYTES = 5 * 1024 * 1024;
    static final int MAX_PER_TICKET = 10;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]{0,123}\\.[A-Za-z0-9]{1,4}");

    /** Extensions each detected type may carry. */
    static final Map<String, java.util.List<String>> TYPES = Map.of(
            "image/png", java.util.List.of("png"),
            "image/jpeg", java.util.List.of("jpg", "jpeg"),
            "application/pdf", java.util.List.of("pdf"),
            "text/plain", java.util.List.of("txt", "log"),
            "text/csv", java.util.List.of("csv"),
            "application/json", java.util.List.of("json"));

    private Attachments() {
    }

    /** The stored type of a file named {@code name} with {@code bytes}; 400 naming what is wrong. */
    static String type(String name, byte[] bytes) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw Users.bad("name must be 1-128 letters, digits, spaces or . _ - ending in an extension, e.g. feed-log.txt");
        }
        if (bytes.length == 0) {
            throw Users.bad("the file is empty");
        }
        if (bytes.length > MAX_BYTES) {
            throw Users.bad("the file has " + bytes.length + " bytes; at most " + MAX_BYTES + " are taken");
        }
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String detected = detect(bytes, ext);
        if (detected == null) {
            throw Users.bad("the file is none of the types taken: PNG, JPEG, PDF, or UTF-8 text (.txt, .log, .csv, .json)");
        }
        if (!TYPES.get(detected).contains(ext)) {
            throw Users.bad("the file's content is " + detected + " but its name ends in ." + ext + "; name it ." + TYPES.get(detected)
                    .get(0));
        }
        return detected;
    }

    private static String detect(byte[] b, String ext) {
        if (startsWith(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (startsWith(b, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsWith(b, '%', 'P', 'D', 'F', '-')) {
            return "application/pdf";
        }
        if (!text(b)) {
            return null;
        }
        return switch (ext) {
            case "csv" -> "text/csv";
            case "json" -> "application/json";
            default -> "text/plain";
        };
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Valid UTF-8 without control characters besides tab, LF and CR. */
    private static boolean text(byte[] b) {
        for (byte x : b) {
            if ((x & 0xFF) < 0x20 && x != '\t' && x != '\n' && x != '\r' || x == 0x7F) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
