package io.dpp.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps dependencies pointing the right way across every module of the binary (the app's test
 * classpath holds them all), and proves on fixtures that each rule catches what it forbids.
 */
class ArchitectureTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dpp");

    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages("io.dpp.archfixture");

    @Test
    void productionCodeKeepsTheLayering() {
        assertThat(PRODUCTION.contain(io.dpp.core.decimal.Decimal64.class)).isTrue();
        assertThat(PRODUCTION.contain(io.dpp.runtime.module.Lifecycle.class)).isTrue();
        for (ArchRule rule : ArchitectureRules.all("io.dpp")) {
            rule.check(PRODUCTION);
        }
    }

    @Test
    void eachPackageLivesInTheMavenModuleOfTheSameName() {
        List<String> misplaced = new ArrayList<>();
        for (JavaClass c : PRODUCTION) {
            String[] parts = c.getPackageName().split("\\.");
            if (parts.length < 3 || c.getSource().isEmpty()) {
                continue;
            }
            String module = parts[2];
            String location = c.getSource().get().getUri().toString();
            if (!location.contains("/" + module + "/target/") && !location.contains("dpp-" + module + "-")) {
                misplaced.add(c.getName() + " is in " + location);
            }
        }
        assertThat(misplaced).isEmpty();
    }

    @Test
    void rulesCatchAServiceUsingAnotherService() {
        EvaluationResult result = ArchitectureRules.serviceDependsOnLibrariesOnly("io.dpp.archfixture", "streams")
                .evaluate(FIXTURES);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anySatisfy(d -> assertThat(d)
                .contains("io.dpp.archfixture.streams.Feed").contains("io.dpp.archfixture.historical.Recorder"));
    }

    @Test
    void rulesCatchCoreReachingUpAndTheAppBeingUsedFromBelow() {
        EvaluationResult core = ArchitectureRules.coreIsSelfContained("io.dpp.archfixture").evaluate(FIXTURES);
        assertThat(core.hasViolation()).isTrue();
        assertThat(core.getFailureReport().getDetails()).anySatisfy(d -> assertThat(d).contains("io.dpp.archfixture.core.Price"));

        EvaluationResult app = ArchitectureRules.onlyTheAppDependsOnTheApp("io.dpp.archfixture").evaluate(FIXTURES);
        assertThat(app.hasViolation()).isTrue();

        EvaluationResult libraries = ArchitectureRules.librariesDoNotDependOnServices("io.dpp.archfixture").evaluate(FIXTURES);
        assertThat(libraries.hasViolation()).isTrue();
    }

    @Test
    void rulesCatchAGraphUsingTheBacktester() {
        EvaluationResult graph = ArchitectureRules.graphsDoNotDependOnTheBacktester("io.dpp.archfixture").evaluate(FIXTURES);
        assertThat(graph.hasViolation()).isTrue();
        assertThat(graph.getFailureReport().getDetails()).anySatisfy(d -> assertThat(d)
                .contains("io.dpp.archfixture.trader.graph.BookNode").contains("io.dpp.archfixture.trader.backtest.SimBook"));
    }

    @Test
    void rulesCatchTheBookReachingPastCoreAndTheSimulatorUsingTheRecorder() {
        EvaluationResult book = ArchitectureRules.bookDependsOnCoreOnly("io.dpp.archfixture").evaluate(FIXTURES);
        assertThat(book.hasViolation()).isTrue();
        assertThat(book.getFailureReport().getDetails()).anySatisfy(d -> assertThat(d)
                .contains("io.dpp.archfixture.book.Ladder").contains("io.dpp.archfixture.streams.Feed"));
        assertThat(book.getFailureReport().getDetails()).noneSatisfy(d -> assertThat(d)
                .contains("<io.dpp.archfixture.core.Price>")); // core is allowed

        EvaluationResult sim = ArchitectureRules.simUsesTheFeedsOnly("io.dpp.archfixture").evaluate(FIXTURES);
        assertThat(sim.hasViolation()).isTrue();
        assertThat(sim.getFailureReport().getDetails()).anySatisfy(d -> assertThat(d)
                .contains("io.dpp.archfixture.sim.Venue").contains("io.dpp.archfixture.historical.Recorder"));
        assertThat(sim.getFailureReport().getDetails()).noneSatisfy(d -> assertThat(d).contains("<io.dpp.archfixture.streams.Feed>"));
    }

    @Test
    void rulesCatchTheLiveFeedRunningAVenuesSimulatorPart() {
        EvaluationResult result = ArchitectureRules.onlyVenuesAndTheSimulatorUseTheSimulationPart("io.dpp.archfixture")
                .evaluate(FIXTURES);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anySatisfy(d -> assertThat(d)
                .contains("io.dpp.archfixture.streams.live.Publisher").contains("io.dpp.archfixture.streams.venue.simulation.Writer"));
        assertThat(result.getFailureReport().getDetails()).noneSatisfy(d -> assertThat(d)
                .contains("io.dpp.archfixture.streams.venue.Listing"));
    }

    @Test
    void rulesCatchTheServingTierCrossingBetweenBusAndStore() {
        EvaluationResult stream = ArchitectureRules.theLiveStreamDoesNotReadTheStore("io.dpp.archfixture").evaluate(FIXTURES);
        assertThat(stream.hasViolation()).isTrue();
        assertThat(stream.getFailureReport().getDetails()).anySatisfy(d -> assertThat(d)
                .contains("io.dpp.archfixture.serve.stream.Session").contains("io.dpp.archfixture.store.Table"));

        EvaluationResult history = ArchitectureRules.theHistoryApiDoesNotConsumeTheBus("io.dpp.archfixture").evaluate(FIXTURES);
        assertThat(history.hasViolation()).isTrue();
        assertThat(history.getFailureReport().getDetails()).anySatisfy(d -> assertThat(d)
                .contains("io.dpp.archfixture.serve.history.Query").contains("io.dpp.archfixture.bus.Topic"));
        assertThat(history.getFailureReport().getDetails()).anySatisfy(d -> assertThat(d)
                .contains("io.dpp.archfixture.serve.history.Query").contains("io.dpp.archfixture.serve.stream.Session"));
    }
}
