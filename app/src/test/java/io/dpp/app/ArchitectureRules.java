package io.dpp.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The dependency rules of the module layout (docs/decisions/004), as functions of the root
 * package so that the test can also run them on fixtures that break them.
 *
 * <ul>
 *   <li>shared libraries (core, book, trading, bus, store, runtime) never depend on a service, the app or the tools;
 *       core depends on no other DPP package at all, book on core only, trading on core and book only;</li>
 *   <li>a service (streams, historical, serve, trader, ems, accounts) depends on the shared libraries
 *       only, never on another service;</li>
 *   <li>the venue simulator (sim) speaks the venues' protocols: it may use core, book, runtime, the
 *       feeds' venue code (streams) and the trading library (venue request signing, the order model),
 *       never the recorder, history, the EMS or accounts;</li>
 *   <li>node graphs (trader.graph) never depend on the backtester that runs them;</li>
 *   <li>only the app depends on the app.</li>
 * </ul>
 */
final class ArchitectureRules {

    static final List<String> SERVICES = List.of("streams", "historical", "serve", "trader", "ems", "accounts", "console");
    static final List<String> LIBRARIES = List.of("core", "book", "trading", "bus", "store", "runtime");
    static final List<String> TOOLS = List.of("sim", "client", "bench", "broker");

    private ArchitectureRules() {
    }

    static List<ArchRule> all(String root) {
        List<ArchRule> rules = new ArrayList<>();
        rules.add(coreIsSelfContained(root));
        rules.add(bookDependsOnCoreOnly(root));
        rules.add(tradingDependsOnCoreAndBookOnly(root));
        rules.add(simUsesTheFeedsOnly(root));
        rules.add(onlyVenuesAndTheSimulatorUseTheSimulationPart(root));
        rules.add(graphsDoNotDependOnTheBacktester(root));
        rules.add(theLiveStreamDoesNotReadTheStore(root));
        rules.add(theHistoryApiDoesNotConsumeTheBus(root));
        rules.add(librariesDoNotDependOnServices(root));
        for (String service : SERVICES) {
            rules.add(serviceDependsOnLibrariesOnly(root, service));
        }
        rules.add(onlyTheAppDependsOnTheApp(root));
        return rules;
    }

    static ArchRule coreIsSelfContained(String root) {
        return classes().that().resideInAPackage(root + ".core..")
                .should().onlyDependOnClassesThat(insideOf(root + ".core").or(outsideOf(root)))
                .because("core is shared by every service, the client SDK and the benchmarks")
                .allowEmptyShould(true);
    }

    static ArchRule bookDependsOnCoreOnly(String root) {
        return classes().that().resideInAPackage(root + ".book..")
                .should().onlyDependOnClassesThat(insideOf(root + ".book").or(insideOf(root + ".core")).or(outsideOf(root)))
                .because("every service keeps its books through the book library, so it sits just above core")
                .allowEmptyShould(true);
    }

    static ArchRule tradingDependsOnCoreAndBookOnly(String root) {
        return classes().that().resideInAPackage(root + ".trading..")
                .should().onlyDependOnClassesThat(insideOf(root + ".trading").or(insideOf(root + ".book"))
                        .or(insideOf(root + ".core")).or(outsideOf(root)))
                .because("backtests, paper runs and the EMS share the order model and the fill model through it")
                .allowEmptyShould(true);
    }

    static ArchRule simUsesTheFeedsOnly(String root) {
        return noClasses().that().resideInAPackage(root + ".sim..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".historical..", root + ".trader..",
                        root + ".ems..", root + ".accounts..", root + ".app..", root + ".bus..", root + ".store..")
                .because("the simulator plays venues: it shares their protocol code with the feeds and nothing else")
                .allowEmptyShould(true);
    }

    static ArchRule onlyVenuesAndTheSimulatorUseTheSimulationPart(String root) {
        return noClasses().that().resideInAPackage(root + "..")
                .and().resideOutsideOfPackages(root + ".streams.venue..", root + ".sim..")
                .should().dependOnClassesThat().resideInAPackage(root + ".streams.venue.simulation..")
                .because("a venue's simulator part lives in the venue's folder for the simulator to play it; the live feed never runs it")
                .allowEmptyShould(true);
    }

    static ArchRule graphsDoNotDependOnTheBacktester(String root) {
        return noClasses().that().resideInAPackage(root + ".trader.graph..")
                .should().dependOnClassesThat().resideInAPackage(root + ".trader.backtest..")
                .because("a graph is a strategy: the backtester runs it, paper and live runs will too, so it cannot depend on one of them")
                .allowEmptyShould(true);
    }

    static ArchRule theLiveStreamDoesNotReadTheStore(String root) {
        return noClasses().that().resideInAPackage(root + ".serve.stream..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".store..", root + ".serve.history..")
                .because("the live stream serves what the bus carries; it runs where no store is (deploy/k8s)")
                .allowEmptyShould(true);
    }

    static ArchRule theHistoryApiDoesNotConsumeTheBus(String root) {
        return noClasses().that().resideInAPackage(root + ".serve.history..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".bus..", root + ".serve.stream..")
                .because("the history API serves what the store holds; the recorder alone writes it from the bus")
                .allowEmptyShould(true);
    }

    static ArchRule librariesDoNotDependOnServices(String root) {
        List<String> forbidden = new ArrayList<>();
        for (String p : concat(SERVICES, TOOLS, List.of("app"))) {
            forbidden.add(root + "." + p + "..");
        }
        return noClasses().that().resideInAnyPackage(packages(root, LIBRARIES))
                .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                .because("shared libraries sit below the services")
                .allowEmptyShould(true);
    }

    static ArchRule serviceDependsOnLibrariesOnly(String root, String service) {
        List<String> others = new ArrayList<>();
        for (String p : concat(SERVICES, TOOLS, List.of("app"))) {
            if (!p.equals(service)) {
                others.add(root + "." + p + "..");
            }
        }
        return noClasses().that().resideInAPackage(root + "." + service + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new))
                .because("services talk over the bus and their APIs, never through each other's classes")
                .allowEmptyShould(true);
    }

    static ArchRule onlyTheAppDependsOnTheApp(String root) {
        return noClasses().that().resideOutsideOfPackage(root + ".app..")
                .should().dependOnClassesThat().resideInAPackage(root + ".app..")
                .because("the app is the top of the graph: it wires every module together")
                .allowEmptyShould(true);
    }

    private static DescribedPredicate<JavaClass> insideOf(String pkg) {
        return DescribedPredicate.describe("reside in " + pkg, c -> c.getPackageName().equals(pkg)
                || c.getPackageName().startsWith(pkg + "."));
    }

    private static DescribedPredicate<JavaClass> outsideOf(String pkg) {
        return DescribedPredicate.describe("reside outside " + pkg, c -> !c.getPackageName().equals(pkg)
                && !c.getPackageName().startsWith(pkg + "."));
    }

    private static String[] packages(String root, List<String> names) {
        return names.stream().map(n -> root + "." + n + "..").toArray(String[]::new);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> l : lists) {
            all.addAll(l);
        }
        return all;
    }
}
