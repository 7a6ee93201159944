package io.dpp.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.runtime.config.ConfigPrinter;
import io.dpp.runtime.config.DppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dpp config print} over every section of the platform: what it prints, --config reads back unchanged. */
class ConfigPrintTest {

    @TempDir
    Path dir;

    @Test
    void thePrintedConfigurationReadsBackUnchanged() throws Exception {
        DppConfig defaults = Platform.loadConfig(null);
        String printed = ConfigPrinter.render(defaults.entries());
        assertThat(printed).as("each list once, as the value it reads back from")
                .contains("      channels: book,trades,quotes\n").doesNotContain("channels[0]");
        Path file = dir.resolve("printed.yaml");
        Files.writeString(file, printed);
        DppConfig again = Platform.loadConfig(file);
        assertThat(values(again)).isEqualTo(values(defaults));
        assertThat(ConfigPrinter.render(again.entries()).replaceAll("  # [^\n]*", ""))
                .isEqualTo(printed.replaceAll("  # [^\n]*", ""));
    }

    private static Map<String, String> values(DppConfig config) {
        Map<String, String> out = new TreeMap<>();
        config.entries().forEach(e -> {
            if (!e.key().matches(".*\\[\\d+]")) { // the YAML source's flattened list elements
                out.put(e.key(), e.value());
            }
        });
        return out;
    }
}
