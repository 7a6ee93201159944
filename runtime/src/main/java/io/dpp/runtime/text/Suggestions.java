package io.dpp.runtime.text;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean ...?" for a name a user got wrong (a parameter, a field): the known name closest
 * to it, when it is close enough to be a typo (a third of its letters at most, at least one, by
 * edit distance with transpositions, case ignored).
 */
public final class Suggestions {

    /** Names longer than this are not compared (the work grows with the product of the lengths). */
    private static final int LONGEST = 64;

    private Suggestions() {
    }

    /** The known name closest to {@code given} if it looks like a typo of it, else null. */
    public static String closest(String given, Collection<String> known) {
        if (given == null || given.isEmpty() || given.length() > LONGEST) {
            return null;
        }
        String g = given.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            if (k.length() > LONGEST) {
                continue;
            }
            int d = distance(g, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(1, given.length() / 3) ? best : null;
    }

    /**
     * Up to {@code most} known names close enough to {@code given} to be what was meant, closest
     * first (ties by name); empty when none is.
     */
    public static java.util.List<String> nearest(String given, Collection<String> known, int most) {
        if (given == null || given.isEmpty() || given.length() > LONGEST) {
            return java.util.List.of();
        }
        String g = given.toLowerCase(Locale.ROOT);
        int limit = Math.max(1, given.length() / 3);
        java.util.TreeMap<Integer, java.util.TreeSet<String>> byDistance = new java.util.TreeMap<>();
        for (String k : known) {
            if (k.length() <= LONGEST) {
                int d = distance(g, k.toLowerCase(Locale.ROOT));
                if (d <= limit) {
                    byDistance.computeIfAbsent(d, x -> new java.util.TreeSet<>()).add(k);
                }
            }
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        for (java.util.TreeSet<String> names : byDistance.values()) {
            for (String n : names) {
                if (out.size() < most) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    /** {@code " (did you mean \"x\"?)"}, or an empty string when no known name is close. */
    public static String didYouMean(String given, Collection<String> known) {
        String c = closest(given, known);
        return c == null ? "" : " (did you mean \"" + c + "\"?)";
    }

    /** Edits (insert, delete, replace, swap of neighbours) from {@code a} to {@code b}. */
    static int distance(String a, String b) {
        int n = a.length();
        int m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[n][m];
    }
}
