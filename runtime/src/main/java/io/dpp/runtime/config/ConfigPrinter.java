package io.dpp.runtime.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders the effective configuration as YAML for {@code dpp config print}: the same tree a user
 * would write, each value that is not a default annotated with where it came from, and every
 * secret masked. A key is secret when its last segment names one (password, secret, token,
 * credentials, api-key, private-key); modules name their secret keys accordingly.
 */
public final class ConfigPrinter {

    /** What a secret value prints as. */
    public static final String MASK = "******";

    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(password|passphrase|secret|token|credentials?|api-key|apikey|private-key).*");
    /** A secret inside a value: {@code password=...} in a client configuration string, a JAAS line, a URL query. */
    private static final Pattern INNER_SECRET = Pattern.compile(
            "(?i)(\\b(?:password|passwd|pwd|passphrase|secret|token|credentials?|api[-_]?key|private[-_]?key)\\s*=\\s*)"
                    + "(\"[^\"]*\"|'[^']*'|[^;&\\s,]*)");
    /** The password of a URL's user info: {@code scheme://user:password@host}. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/:@\\s]*:)[^@/\\s]+@");

    private ConfigPrinter() {
    }

    /**
     * The value as it may be printed: a secret key's value masked whole, and in any other value
     * every {@code password=...}-like part and a URL's password masked (a QuestDB client string,
     * Kafka's {@code sasl.jaas.config}, a JDBC URL).
     */
    public static String printable(String key, String value) {
        if (isSecret(key)) {
            return MASK;
        }
        if (value == null) {
            return null;
        }
        String masked = INNER_SECRET.matcher(value).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1)
                + (m.group(2).startsWith("\"") ? "\"" + MASK + "\"" : m.group(2).startsWith("'") ? "'" + MASK + "'" : MASK)));
        return URL_PASSWORD.matcher(masked).replaceAll("$1" + java.util.regex.Matcher.quoteReplacement(MASK) + "@");
    }

    /** True when the key's value must never be shown. */
    public static boolean isSecret(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        return SECRET.matcher(last).matches();
    }

    /** An element of a list as the YAML source flattens it beside the whole list: {@code channels[0]}. */
    private static final Pattern LIST_ELEMENT = Pattern.compile("(.*)\\[\\d+]");

    /**
     * The YAML text for these entries, with a header comment: YAML that {@code --config} reads
     * back to the same configuration. A list is written once, as the comma-separated value it
     * reads back from (its flattened elements are left out); a secret is written as a comment
     * only, since a masked value read back would replace it.
     */
    public static String render(List<DppConfig.Entry> entries) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (DppConfig.Entry entry : entries) {
            keys.add(entry.key());
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        for (DppConfig.Entry entry : entries) {
            java.util.regex.Matcher element = LIST_ELEMENT.matcher(entry.key());
            if (element.matches() && keys.contains(element.group(1))) {
                continue;
            }
            insert(tree, path(entry.key()), 0, entry);
        }
        StringBuilder out = new StringBuilder(1024)
                .append("# Effective DPP configuration: defaults, then --config file, then DPP_* environment.\n");
        write(tree, 0, out);
        return out.toString();
    }

    /** The segments of a property name; a quoted segment ("client.dns.lookup") keeps its dots. */
    static String[] path(String key) {
        List<String> parts = new java.util.ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts.toArray(String[]::new);
    }

    @SuppressWarnings("unchecked")
    private static void insert(Map<String, Object> node, String[] path, int depth, DppConfig.Entry entry) {
        if (depth == path.length - 1) {
            node.put(path[depth], entry);
            return;
        }
        Object child = node.computeIfAbsent(path[depth], k -> new LinkedHashMap<String, Object>());
        if (child instanceof Map<?, ?> map) {
            insert((Map<String, Object>) map, path, depth + 1, entry);
        }
    }

    @SuppressWarnings("unchecked")
    private static void write(Map<String, Object> node, int indent, StringBuilder out) {
        for (Map.Entry<String, Object> e : node.entrySet()) {
            String pad = "  ".repeat(indent);
            if (e.getValue() instanceof DppConfig.Entry entry) {
                if (isSecret(entry.key())) {
                    out.append(pad).append("# ").append(e.getKey()).append(": ").append(MASK).append("  (secret, not printed; from ")
                            .append(entry.source()).append(")\n");
                    continue;
                }
                out.append(pad).append(e.getKey()).append(": ").append(scalar(printable(entry.key(), entry.value())));
                if (!"default".equals(entry.source())) {
                    out.append("  # ").append(entry.source());
                }
                out.append('\n');
            } else if (hasPrintable((Map<String, Object>) e.getValue())) {
                out.append(pad).append(e.getKey()).append(":\n");
                write((Map<String, Object>) e.getValue(), indent + 1, out);
            } else {
                // Only secrets below: a section of comments, so that no empty section is read back.
                out.append(pad).append("# ").append(e.getKey()).append(":\n");
                StringBuilder inner = new StringBuilder();
                write((Map<String, Object>) e.getValue(), indent + 1, inner);
                out.append(inner);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean hasPrintable(Map<String, Object> node) {
        for (Object v : node.values()) {
            if (v instanceof DppConfig.Entry entry ? !isSecret(entry.key()) : hasPrintable((Map<String, Object>) v)) {
                return true;
            }
        }
        return false;
    }

    // Quotes a value only when plain YAML would read it differently.
    private static String scalar(String value) {
        boolean plain = !value.isEmpty() && value.equals(value.trim())
                && !value.contains(": ") && !value.contains(" #")
                && "-?:,[]{}#&*!|>'\"%@`".indexOf(value.charAt(0)) < 0;
        if (plain) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
