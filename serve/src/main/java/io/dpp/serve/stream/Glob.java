package io.dpp.serve.stream;

/**
 * A venue or symbol pattern of the stream protocol: {@code *} matches any run of characters,
 * {@code ?} any one character, everything else itself. Matching never backtracks more than one
 * star, so it takes at most pattern length x text length steps (no regular expression, whose
 * backtracking a pattern such as {@code ***...*#} turns exponential). Patterns are bounded in
 * length and wildcards when a request is parsed ({@link StreamProtocol}).
 */
final class Glob {

    /** Longest pattern accepted, characters. */
    static final int MAX_LENGTH = 64;
    /** Most wildcards ({@code *} and {@code ?}) in one pattern. */
    static final int MAX_WILDCARDS = 8;

    private final String pattern;
    private final boolean wildcard;

    private Glob(String pattern) {
        this.pattern = pattern;
        this.wildcard = isPattern(pattern);
    }

    /** A glob of {@code pattern}; the caller has bounded it ({@link #problem}). */
    static Glob of(String pattern) {
        return new Glob(pattern);
    }

    /** True when {@code text} has a wildcard. */
    static boolean isPattern(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
    }

    /** Why {@code pattern} cannot be used, naming {@code field}; null when it can. */
    static String problem(String field, String pattern) {
        if (pattern.length() > MAX_LENGTH) {
            return field + " must be at most " + MAX_LENGTH + " characters, got " + pattern.length();
        }
        int wildcards = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?') {
                wildcards++;
            } else if (c < 0x20 || c == 0x7f) {
                return field + " must not contain control characters";
            }
        }
        if (wildcards > MAX_WILDCARDS) {
            return field + " may have at most " + MAX_WILDCARDS + " wildcards (* and ?), got " + wildcards;
        }
        return null;
    }

    /** The pattern as given. */
    String pattern() {
        return pattern;
    }

    /** True when the pattern has a wildcard. */
    boolean wildcard() {
        return wildcard;
    }

    /** True when the whole of {@code text} matches. */
    boolean matches(String text) {
        if (!wildcard) {
            return pattern.equals(text);
        }
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        int n = pattern.length();
        while (t < text.length()) {
            if (p < n && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t) && pattern.charAt(p) != '*')) {
                p++;
                t++;
            } else if (p < n && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < n && pattern.charAt(p) == '*') {
            p++;
        }
        return p == n;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
