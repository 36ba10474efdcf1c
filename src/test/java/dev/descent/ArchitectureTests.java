package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture of ../shared/STYLE.md, checked by reading the sources: the engine is plain Java, and the
 * packages form no cycle. A plain scan of import statements (and same-package-free fully qualified names) is
 * enough here and keeps the build free of another dependency.
 */
class ArchitectureTests {

    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\.[\\w*]+;",
            Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\b(dev\\.descent(?:\\.[a-z]\\w*)+)\\.[A-Z]");

    /** Package -> the packages of this project it uses. */
    private static final Map<String, Set<String>> uses = new TreeMap<>();
    /** Package -> every import, of any library. */
    private static final Map<String, Set<String>> imports = new TreeMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(source);
                assertThat(pkg.find()).as("package of %s", file).isTrue();
                String name = pkg.group(1);
                Set<String> own = uses.computeIfAbsent(name, k -> new TreeSet<>());
                Set<String> all = imports.computeIfAbsent(name, k -> new TreeSet<>());
                Matcher imp = IMPORT.matcher(source);
                while (imp.find()) {
                    all.add(imp.group(1));
                    addOwn(own, name, imp.group(1));
                }
                Matcher qualified = QUALIFIED.matcher(source.substring(pkg.end()));
                while (qualified.find()) {
                    addOwn(own, name, qualified.group(1));
                }
            }
        }
    }

    private static void addOwn(Set<String> own, String from, String target) {
        // "import static a.b.C.m" yields a.b.C; keep the package part (lower-case segments).
        StringBuilder pkg = new StringBuilder();
        for (String segment : target.split("\\.")) {
            if (Character.isUpperCase(segment.charAt(0))) {
                break;
            }
            pkg.append(pkg.isEmpty() ? "" : ".").append(segment);
        }
        if (pkg.toString().startsWith("dev.descent") && !pkg.toString().equals(from)) {
            own.add(pkg.toString());
        }
    }

    @Test
    void theSourcesWereRead() {
        assertThat(uses).containsKeys("dev.descent.engine.run", "dev.descent.engine.optim",
                "dev.descent.engine.expr", "dev.descent.engine.ad", "dev.descent.optimization", "dev.descent.system",
                "dev.descent.comparison", "dev.descent.job");
    }

    @Test
    void theSynchronousApiKnowsNothingOfComparisonsOrJobs() {
        assertThat(uses.get("dev.descent.optimization")).doesNotContain("dev.descent.comparison", "dev.descent.job");
        assertThat(uses.get("dev.descent.comparison")).doesNotContain("dev.descent.job");
    }

    /** ASM's core package only (the tape's bytecode generator): not its tree, commons or util packages. */
    @Test
    void theEngineImportsNothingButTheJdkCommonsMathAndAsm() {
        imports.forEach((pkg, imported) -> {
            if (pkg.startsWith("dev.descent.engine")) {
                assertThat(imported).as("imports of %s", pkg)
                        .allMatch(i -> i.startsWith("java.") || i.startsWith("dev.descent.engine")
                                || i.startsWith("org.apache.commons.math3") || i.equals("org.objectweb.asm"));
            }
        });
    }

    @Test
    void theEngineDependsOnNothingOutsideIt() {
        uses.forEach((pkg, used) -> {
            if (pkg.startsWith("dev.descent.engine")) {
                assertThat(used).as("%s uses", pkg).allMatch(u -> u.startsWith("dev.descent.engine"));
            }
        });
    }

    @Test
    void theCompiledFormulaKnowsNothingOfObjectives() {
        assertThat(uses.get("dev.descent.engine.ad")).doesNotContain("dev.descent.engine.objective");
        // The parser is a leaf but for engine.text, the string helpers (a typing slip's guess), itself a leaf.
        assertThat(uses.get("dev.descent.engine.expr")).isSubsetOf("dev.descent.engine.text");
        assertThat(uses.get("dev.descent.engine.text")).isEmpty();
    }

    @Test
    void packagesFormNoCycle() {
        List<List<String>> cycles = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>();
        for (String pkg : uses.keySet()) {
            findCycle(pkg, new ArrayList<>(), state, cycles);
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    // Depth-first search; state 1 = on the current path, 2 = finished.
    private static void findCycle(String pkg, List<String> path, Map<String, Integer> state,
                                  List<List<String>> cycles) {
        Integer s = state.get(pkg);
        if (s != null && s == 2) {
            return;
        }
        if (s != null && s == 1) {
            cycles.add(List.copyOf(path.subList(path.indexOf(pkg), path.size())));
            return;
        }
        state.put(pkg, 1);
        path.add(pkg);
        for (String next : uses.getOrDefault(pkg, new HashSet<>())) {
            findCycle(next, path, state, cycles);
        }
        path.remove(path.size() - 1);
        state.put(pkg, 2);
    }
}
