package io.dpp.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every line of every command's and option's help is whole: picocli prints each element of a
 * description on a line of its own (wrapping long ones itself), so an element that stops in the
 * middle of a sentence breaks the help there.
 */
class HelpTextTest {

    @Test
    void noHelpLineStopsInTheMiddleOfASentence() {
        List<String> broken = new ArrayList<>();
        check(new CommandLine(new Main()), broken);
        assertThat(broken).as("help lines that end mid-sentence").isEmpty();
    }

    private static void check(CommandLine cli, List<String> broken) {
        CommandSpec spec = cli.getCommandSpec();
        lines(spec.qualifiedName(), spec.usageMessage().description(), broken);
        for (OptionSpec o : spec.options()) {
            lines(spec.qualifiedName() + " " + o.longestName(), o.description(), broken);
        }
        for (CommandLine sub : cli.getSubcommands().values()) {
            check(sub, broken);
        }
    }

    private static void lines(String where, String[] description, List<String> broken) {
        for (String line : description) {
            String l = line.strip().replaceAll("(%n)+$", ""); // picocli's line break
            if (!l.isEmpty() && !l.matches("(?s).*[.:!?)]$") && !l.startsWith("-") && !l.startsWith("*")) {
                broken.add(where + ": \"" + l + "\"");
            }
        }
    }
}
