package io.dpp.runtime.config;

import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The one configuration tree of a DPP process, built with SmallRye Config from three layers, each
 * overriding the one before:
 * <ol>
 *   <li>defaults shipped in the jars ({@value #DEFAULTS_RESOURCE}, one per module that has settings);</li>
 *   <li>the user's YAML file ({@code --config FILE});</li>
 *   <li>environment variables named {@code DPP_} + the key in upper case with dots and dashes as
 *       underscores: {@code DPP_HTTP_PORT} sets {@code http.port}, {@code DPP_SHUTDOWN_DRAIN_DELAY}
 *       sets {@code shutdown.drain-delay}.</li>
 * </ol>
 * Loading validates everything at once: unknown keys in the file, values of the wrong type, and
 * each section's own checks; a {@link ConfigException} names every key at fault.
 */
public final class DppConfig {

    /** Classpath location of each module's defaults. */
    public static final String DEFAULTS_RESOURCE = "META-INF/dpp/defaults.yaml";
    /** Prefix of the environment variables that override keys. */
    public static final String ENV_PREFIX = "DPP_";

    private static final int DEFAULTS_ORDINAL = 100;
    private static final int FILE_ORDINAL = 250;
    private static final int ENV_ORDINAL = 300;
    private static final String ENV_SOURCE = "environment";
    private static final java.util.regex.Pattern CONVERSION = java.util.regex.Pattern.compile(
            "(?s)The config property (\\S+) with the config value \"(.*)\" threw an Exception whilst being converted (.*)");

    private final SmallRyeConfig config;
    private final List<ConfigSection<?>> sections;
    private final List<String> keys;

    private DppConfig(SmallRyeConfig config, List<ConfigSection<?>> sections, List<String> keys) {
        this.config = config;
        this.sections = sections;
        this.keys = keys;
    }

    /**
     * Loads and validates the configuration.
     *
     * @param userFile    the {@code --config} file, or null
     * @param environment the process environment (only {@code DPP_*} entries are read)
     * @param sections    every section any module of the binary owns, whether or not it will start
     * @throws ConfigException listing every problem
     */
    public static DppConfig load(Path userFile, Map<String, String> environment, List<ConfigSection<?>> sections) {
        List<ConfigSource> sources = new ArrayList<>(defaultSources());
        YamlConfigSource file = null;
        if (userFile != null) {
            file = readUserFile(userFile);
            sources.add(file);
        }
        sources.add(new NamedEnvSource(dppEntries(environment)));

        Set<String> knownKeys = new LinkedHashSet<>();
        for (ConfigSource s : sources) {
            if (s != file && !(s instanceof NamedEnvSource)) {
                knownKeys.addAll(s.getPropertyNames());
            }
        }
        List<String> problems = new ArrayList<>();
        if (file != null) {
            unknownSections(file, sections, problems);
        }
        SmallRyeConfig built;
        List<String> unreadable = new ArrayList<>(); // keys whose value could not be read or that are unknown
        try {
            built = build(sources, sections);
        } catch (ConfigValidationException e) {
            for (int i = 0; i < e.getProblemCount(); i++) {
                problems.add(problem(e.getProblem(i).getMessage(), knownKeys, unreadable));
            }
            built = null;
        } catch (IllegalArgumentException | IllegalStateException e) {
            problems.add(problem(e.getMessage(), knownKeys, unreadable));
            built = null;
        }
        if (built == null && !unreadable.isEmpty()) {
            // Every problem at once: the ranges and rules of the rest are checked on the
            // configuration without the keys that could not be read.
            try {
                SmallRyeConfig rest = build(without(sources, unreadable), sections);
                for (ConfigSection<?> section : sections) {
                    section.check(rest.getConfigMapping(section.mapping(), section.prefix()), problems);
                }
            } catch (RuntimeException again) {
                // what could be said is said
            }
        }
        if (built == null) {
            throw new ConfigException(problems);
        }
        SmallRyeConfig config = built;
        for (ConfigSection<?> section : sections) {
            section.check(config.getConfigMapping(section.mapping(), section.prefix()), problems);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        List<String> keys = new ArrayList<>(orderedKeys(sources));
        // Optional keys without a default (accounts.db.url, ...) set only in the environment:
        // SmallRye resolves them for the mappings; list them too, after the others.
        Set<String> prefixes = new java.util.HashSet<>();
        sections.forEach(sec -> prefixes.add(sec.prefix() + "."));
        new java.util.TreeSet<>((java.util.Collection<String>) toList(config.getPropertyNames())).forEach(name -> {
            if (!keys.contains(name) && name.equals(name.toLowerCase(java.util.Locale.ROOT))
                    && prefixes.stream().anyMatch(name::startsWith) && config.getConfigValue(name).getValue() != null) {
                keys.add(name);
            }
        });
        return new DppConfig(config, List.copyOf(sections), List.copyOf(keys));
    }

    /** The typed view of a section. */
    public <T> T section(Class<T> mapping) {
        for (ConfigSection<?> section : sections) {
            if (section.mapping() == mapping) {
                return config.getConfigMapping(mapping, section.prefix());
            }
        }
        throw new IllegalArgumentException("no configuration section is registered for " + mapping.getName());
    }

    /**
     * Every key with a value, in the order of the defaults files (then keys only the user file
     * sets), each with its effective value and the layer it came from.
     */
    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>(keys.size());
        for (String key : keys) {
            ConfigValue value = config.getConfigValue(key);
            if (value.getValue() != null) {
                entries.add(new Entry(key, value.getValue(), describeSource(value)));
            }
        }
        return entries;
    }

    /** A key, its effective value and where that value came from ("default", a file, or an environment variable). */
    public record Entry(String key, String value, String source) {
    }

    private static String describeSource(ConfigValue value) {
        String name = value.getSourceName();
        if (ENV_SOURCE.equals(name)) {
            return "environment " + ENV_PREFIX + value.getName().toUpperCase().replace('.', '_').replace('-', '_');
        }
        return value.getSourceOrdinal() == DEFAULTS_ORDINAL ? "default" : name;
    }

    private static List<YamlConfigSource> defaultSources() {
        List<YamlConfigSource> sources = new ArrayList<>();
        Map<String, String> owners = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        try {
            List<byte[]> seen = new ArrayList<>();
            for (URL url : Collections.list(DppConfig.class.getClassLoader().getResources(DEFAULTS_RESOURCE))) {
                // The same module's jar can be on the class path twice (the app jar's Class-Path
                // manifest names copies in lib/): identical defaults are one source, not a clash.
                byte[] content;
                try (InputStream in = url.openStream()) {
                    content = in.readAllBytes();
                }
                if (seen.stream().anyMatch(b -> java.util.Arrays.equals(b, content))) {
                    continue;
                }
                seen.add(content);
                YamlConfigSource source = new YamlConfigSource(url, DEFAULTS_ORDINAL);
                for (String key : source.getPropertyNames()) {
                    String previous = owners.putIfAbsent(key, url.toString());
                    if (previous != null) {
                        clashes.add(key + ": default set both in " + previous + " and in " + url);
                    }
                }
                sources.add(source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the default configuration from the classpath", e);
        }
        if (!clashes.isEmpty()) {
            throw new ConfigException(clashes);
        }
        return sources;
    }

    private static YamlConfigSource readUserFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(List.of("--config " + file + ": no such file"));
        }
        try (InputStream in = Files.newInputStream(file)) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new YamlConfigSource(file.toString(), yaml, FILE_ORDINAL);
        } catch (IOException e) {
            throw new ConfigException(List.of("--config " + file + ": cannot be read: " + e.getMessage()));
        } catch (RuntimeException e) {
            throw new ConfigException(List.of("--config " + file + ": not valid YAML: " + e.getMessage()));
        }
    }

    private static Map<String, String> dppEntries(Map<String, String> environment) {
        Map<String, String> entries = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                entries.put(name.substring(ENV_PREFIX.length()), value);
            }
        });
        return entries;
    }

    // SmallRye checks unknown keys only below the prefixes it maps; a misspelt section is caught here.
    private static void unknownSections(ConfigSource file, List<ConfigSection<?>> sections, List<String> problems) {
        Set<String> known = new LinkedHashSet<>();
        for (ConfigSection<?> section : sections) {
            known.add(section.prefix());
        }
        for (String key : file.getPropertyNames()) {
            String top = key.split("[.\\[]", 2)[0];
            if (!known.contains(top)) {
                problems.add(key + ": unknown key in " + file.getName() + " (sections: " + String.join(", ", known) + ")");
            }
        }
    }

    private static List<String> toList(Iterable<String> names) {
        List<String> out = new ArrayList<>();
        names.forEach(out::add);
        return out;
    }

    private static List<String> orderedKeys(List<ConfigSource> sources) {
        Set<String> keys = new LinkedHashSet<>();
        for (ConfigSource source : sources) {
            if (!(source instanceof NamedEnvSource)) {
                keys.addAll(new java.util.TreeSet<>(source.getPropertyNames()));
            }
        }
        // A YAML list is exposed both as "key" (comma-separated) and as "key[0]", "key[1]", ...: keep the first.
        keys.removeIf(k -> k.endsWith("]") && k.lastIndexOf('[') > 0 && keys.contains(k.substring(0, k.lastIndexOf('['))));
        return List.copyOf(keys);
    }

    private static SmallRyeConfig build(List<ConfigSource> sources, List<ConfigSection<?>> sections) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withSources(sources.toArray(ConfigSource[]::new))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withValidateUnknown(true);
        for (ConfigSection<?> section : sections) {
            builder.withMapping(section.mapping(), section.prefix());
        }
        return builder.build();
    }

    private static final java.util.regex.Pattern UNMAPPED = java.util.regex.Pattern.compile("(?s)(\\S+) in (.+) does not map to any root");

    /**
     * A SmallRye problem in the user's terms, noting in {@code unreadable} the key it is about when
     * the key's value could not be read or the key is unknown.
     */
    private static String problem(String message, Set<String> knownKeys, List<String> unreadable) {
        String m = cleanMessage(message);
        java.util.regex.Matcher unmapped = UNMAPPED.matcher(m);
        if (unmapped.matches()) {
            String key = unmapped.group(1);
            unreadable.add(key);
            return key + ": unknown key in " + unmapped.group(2)
                    + io.dpp.runtime.text.Suggestions.didYouMean(key, knownKeys);
        }
        int eq = m.indexOf(" = \"");
        if (eq > 0 && !m.substring(0, eq).contains(" ")) {
            unreadable.add(m.substring(0, eq));
        }
        return m;
    }

    /** The sources with {@code keys} left out of the user's layers (the file, the environment): the defaults fill in. */
    private static List<ConfigSource> without(List<ConfigSource> sources, List<String> keys) {
        Set<String> drop = new java.util.HashSet<>(keys);
        List<ConfigSource> out = new ArrayList<>();
        for (ConfigSource s : sources) {
            if (s.getOrdinal() == DEFAULTS_ORDINAL) {
                out.add(s);
                continue;
            }
            out.add(new ConfigSource() {
                @Override
                public Set<String> getPropertyNames() {
                    Set<String> names = new LinkedHashSet<>(s.getPropertyNames());
                    names.removeAll(drop);
                    return names;
                }

                @Override
                public String getValue(String name) {
                    return drop.contains(name) ? null : s.getValue(name);
                }

                @Override
                public String getName() {
                    return s.getName();
                }

                @Override
                public int getOrdinal() {
                    return s.getOrdinal();
                }
            });
        }
        return out;
    }

    private static String cleanMessage(String message) {
        String m = message == null ? "unknown problem" : message;
        m = m.replace("java.lang.IllegalArgumentException: ", "").replaceAll("SRCFG\\d{5}: ", "");
        // "The config property K with the config value "V" threw an Exception whilst being converted WHY"
        return CONVERSION.matcher(m).replaceFirst("$1 = \"$2\": $3");
    }

    /** The DPP_ environment layer, named so that messages say where a value came from. */
    private static final class NamedEnvSource extends EnvConfigSource {
        NamedEnvSource(Map<String, String> entries) {
            super(new LinkedHashMap<>(entries), ENV_ORDINAL);
        }

        @Override
        public String getName() {
            return ENV_SOURCE;
        }
    }
}
