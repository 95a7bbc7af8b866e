package uk.nhs.impactmonitor.ingest.hostile;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.topic.Json;
import uk.nhs.impactmonitor.ingest.FixedClockConfiguration;

/**
 * Generators of requests that break the rules of api.md, each with the answer api.md promises. Every
 * generated request is invalid by construction (a mutation never yields a valid value: generated strings
 * are filtered through the same rule the service must apply, written out here from api.md), so a 2xx that
 * writes to Kafka is always a failure.
 */
final class HostileRequests {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final LocalDate TODAY = FixedClockConfiguration.TODAY;
    /** api.md: counts are non-negative whole numbers; the service also caps them at a million a day. */
    static final long MAX_COUNT = 1_000_000;
    /** Client-chosen notice ids: README, "noticeId" (1 to 64 of A-Z a-z 0-9 . _ -). */
    static final Pattern NOTICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final List<String> COUNTS = Metric.REPORT_METRICS.stream().map(Metric::field).toList();
    static final List<String> CSV_COLUMNS = columns();

    /** What the answer must be. */
    sealed interface Expect permits Invalid, Status, AllRejected, AnyClientError, Refused {
    }

    /**
     * 400; as problem details naming {@code field} when the request reaches the application. A path Tomcat
     * itself refuses (e.g. an encoded NUL) is answered by Tomcat before any application code runs.
     */
    record Refused(String field) implements Expect {
    }

    /** 400 problem details whose {@code errors[].field} include every one of {@code fields} (none: any field). */
    record Invalid(Set<String> fields) implements Expect {
    }

    /** Exactly this status, as problem details. */
    record Status(int status) implements Expect {
    }

    /** Some 4xx (the request is refused before it reaches our code, or its fault has no field). */
    record AnyClientError() implements Expect {
    }

    /** A batch: 202 with {@code accepted: 0} and exactly these lines rejected, each naming at least these fields. */
    record AllRejected(Map<Integer, Set<String>> lines) implements Expect {
    }

    record Request(String label, String method, String path, String contentType, byte[] body, boolean chunked, Expect expect) {
        @Override
        public String toString() {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return label + ": " + method + " " + path + " [" + contentType + (chunked ? ", chunked" : "") + "] "
                    + (text.length() > 600 ? text.substring(0, 600) + "...(" + text.length() + " chars)" : text) + " -> " + expect;
        }
    }

    /** One way to break a field; {@code touches} are the fields it sets (a relational rule sets two). */
    record Mutation(String field, Set<String> touches, String label, Consumer<ObjectNode> apply) {
        static Mutation of(String field, String label, Consumer<ObjectNode> apply) {
            return new Mutation(field, Set.of(field), label, apply);
        }
    }

    private final Predicate<String> knownPractice;
    private final Set<String> otherKnownPractices;
    private final String ownPractice;

    /**
     * @param knownPractice   the directory's rule (practice known), to filter generated codes
     * @param practice        the known practice valid requests are built for
     * @param anotherPractice another known practice (a correction may not move a notice there)
     */
    HostileRequests(Predicate<String> knownPractice, String practice, String anotherPractice) {
        this.knownPractice = knownPractice;
        this.ownPractice = practice;
        this.otherKnownPractices = Set.of(anotherPractice);
    }

    // ---------------------------------------------------------------- valid bases

    ObjectNode validNotice(String noticeId) {
        ObjectNode notice = NODES.objectNode();
        if (noticeId != null) {
            notice.put("noticeId", noticeId);
        }
        notice.put("practiceCode", ownPractice);
        notice.put("action", "STOP_ADVICE_AND_GUIDANCE");
        notice.put("effectiveFrom", "2024-08-01");
        notice.put("effectiveTo", "2024-08-31");
        notice.put("submittedBy", "Practice manager");
        notice.put("note", "from the hostile-input test");
        return notice;
    }

    ObjectNode validReport() {
        ObjectNode report = NODES.objectNode();
        report.put("practiceCode", ownPractice);
        report.put("day", "2024-08-01");
        report.put("clinicianSessions", 10);
        report.put("patientContacts", 240);
        report.put("cappedSessions", 4);
        report.put("urgentCareDiversions", 7);
        report.put("agRequests", 3);
        report.put("referrals", 12);
        report.put("onlineRequests", 55);
        return report;
    }

    // ---------------------------------------------------------------- values that break a rule

    static Arbitrary<JsonNode> wrongTypes() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(i -> (JsonNode) NODES.numberNode(i)),
                Arbitraries.doubles().ofScale(3).map(d -> (JsonNode) NODES.numberNode(BigDecimal.valueOf(d).setScale(3))),
                Arbitraries.of(true, false).map(b -> (JsonNode) NODES.booleanNode(b)),
                Arbitraries.of((JsonNode) NODES.arrayNode(), NODES.arrayNode().add("Z00001"), NODES.objectNode(),
                        NODES.objectNode().put("value", "x"), NODES.arrayNode().add(NODES.objectNode())));
    }

    /** Any text that is valid UTF-16 (no lone surrogates, which no client can encode), control characters included. */
    static net.jqwik.api.arbitraries.StringArbitrary anyText() {
        return Arbitraries.strings().withCharRange('\u0000', '\ud7ff').withCharRange('\ue000', '\ufffd');
    }

    static Arbitrary<String> blanks() {
        return Arbitraries.of("", " ", "   ", "\t", "\n", " \r\n ", "\t \t");
    }

    /** Printable text without surrounding whitespace, so its length is the length the service sees. */
    static Arbitrary<String> longText(int minLength, int maxLength) {
        // built from a seed rather than char by char: thousands of generated characters each would slow every try
        return Combinators.combine(Arbitraries.integers().between(minLength, maxLength),
                        Arbitraries.strings().withCharRange('a', 'z').withChars("ÄéΩ✓-_.0123456789 ").ofMinLength(1).ofMaxLength(12))
                .as((length, seed) -> {
                    StringBuilder text = new StringBuilder("x");
                    while (text.length() < length - 1) {
                        text.append(seed);
                    }
                    text.setLength(length - 1);
                    return text.append('x').toString();
                });
    }

    Arbitrary<String> unknownPracticeCodes() {
        return Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(16),
                anyText().ofMinLength(1).ofMaxLength(20),
                Arbitraries.of("z00001", "Z0001", "Z06203", "Z000001", "Z00001 Z00002", "Z00001;DROP", "../Z00001", "Z00001\u0000", "ＺＯＯＯＯ１",
                        "A81001A81001A81001", ownPractice.toLowerCase(Locale.ROOT), ownPractice + "0"))
                .filter(code -> !knownPractice.test(code.trim()));
    }

    static Arbitrary<String> unknownActions() {
        return Arbitraries.oneOf(
                anyText().ofMinLength(1).ofMaxLength(70),
                Arbitraries.of(CollectiveAction.values()).map(a -> a.name().toLowerCase(Locale.ROOT)),
                Arbitraries.of(CollectiveAction.values()).map(a -> a.name() + "_"),
                Arbitraries.of("STOP ADVICE AND GUIDANCE", "1", "ALL", "CAP_DAILY_CONTACTS,DEFER_PILOTS", "null"))
                .filter(id -> CollectiveAction.fromId(id.trim()) == null);
    }

    static boolean isIsoDate(String text) {
        try {
            LocalDate.parse(text.trim());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static Arbitrary<String> badDates() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789-/T:Z+ ").ofMaxLength(20),
                anyText().ofMaxLength(25),
                Arbitraries.of("2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-08-00", "2024-8-1", "01/08/2024",
                        "2024-08-01T10:00", "2024/08/01", "20240801", "2024-08-01Z", "1 August 2024", "yesterday", "2024-W31-1",
                        "+1000000000-01-01", "-0001-01-01x", "2024-08-32"))
                .filter(text -> !isIsoDate(text));
    }

    // ---------------------------------------------------------------- mutations of a notice

    Arbitrary<Mutation> noticeMutations() {
        List<Arbitrary<Mutation>> choices = new ArrayList<>();
        for (String field : List.of("practiceCode", "action", "effectiveFrom", "submittedBy")) {
            choices.add(Arbitraries.just(Mutation.of(field, "missing", n -> n.remove(field))));
            choices.add(Arbitraries.just(Mutation.of(field, "null", n -> n.putNull(field))));
            choices.add(blanks().map(b -> Mutation.of(field, "blank", n -> n.put(field, b))));
        }
        for (String field : List.of("noticeId", "practiceCode", "action", "effectiveFrom", "effectiveTo", "submittedBy", "note")) {
            choices.add(wrongTypes().map(v -> Mutation.of(field, "wrong type", n -> n.set(field, v))));
        }
        choices.add(unknownPracticeCodes().map(v -> Mutation.of("practiceCode", "unknown practice", n -> n.put("practiceCode", v))));
        choices.add(unknownActions().map(v -> Mutation.of("action", "unknown action", n -> n.put("action", v))));
        choices.add(badDates().map(v -> Mutation.of("effectiveFrom", "bad date", n -> n.put("effectiveFrom", v))));
        choices.add(badDates().map(v -> Mutation.of("effectiveTo", "bad date", n -> n.put("effectiveTo", v))));
        choices.add(Combinators.combine(Arbitraries.integers().between(0, 3000), Arbitraries.integers().between(1, 4000))
                .as((from, back) -> new Mutation("effectiveTo", Set.of("effectiveFrom", "effectiveTo"), "ends before it starts", n -> {
                    LocalDate start = LocalDate.of(2020, 1, 1).plusDays(from);
                    n.put("effectiveFrom", start.toString());
                    n.put("effectiveTo", start.minusDays(back).toString());
                })));
        choices.add(anyText().ofMinLength(1).ofMaxLength(80)
                .filter(id -> !NOTICE_ID.matcher(id.trim()).matches())
                .map(v -> Mutation.of("noticeId", "bad notice id", n -> n.put("noticeId", v))));
        choices.add(longText(65, 120).map(v -> Mutation.of("noticeId", "notice id too long", n -> n.put("noticeId", v.replaceAll("[^A-Za-z0-9]", "a")))));
        choices.add(longText(201, 400).map(v -> Mutation.of("submittedBy", "too long", n -> n.put("submittedBy", v))));
        choices.add(longText(2001, 3000).map(v -> Mutation.of("note", "too long", n -> n.put("note", v))));
        return Arbitraries.oneOf(choices);
    }

    // ---------------------------------------------------------------- mutations of a daily report

    Arbitrary<Mutation> reportMutations() {
        List<Arbitrary<Mutation>> choices = new ArrayList<>();
        for (String field : fieldsOfAReport()) {
            choices.add(Arbitraries.just(Mutation.of(field, "missing", n -> n.remove(field))));
            choices.add(Arbitraries.just(Mutation.of(field, "null", n -> n.putNull(field))));
        }
        for (String field : COUNTS) {
            choices.add(badCounts().map(v -> Mutation.of(field, "bad count", n -> n.set(field, v))));
        }
        choices.add(wrongTypes().map(v -> Mutation.of("practiceCode", "wrong type", n -> n.set("practiceCode", v))));
        choices.add(wrongTypes().map(v -> Mutation.of("day", "wrong type", n -> n.set("day", v))));
        choices.add(blanks().map(b -> Mutation.of("practiceCode", "blank", n -> n.put("practiceCode", b))));
        choices.add(unknownPracticeCodes().map(v -> Mutation.of("practiceCode", "unknown practice", n -> n.put("practiceCode", v))));
        choices.add(badDates().map(v -> Mutation.of("day", "bad date", n -> n.put("day", v))));
        choices.add(Arbitraries.integers().between(1, 40_000).map(ahead -> Mutation.of("day", "future day",
                n -> n.put("day", TODAY.plusDays(ahead).toString()))));
        choices.add(Combinators.combine(Arbitraries.integers().between(0, 5000), Arbitraries.integers().between(1, 5000))
                .as((sessions, more) -> new Mutation("cappedSessions", Set.of("clinicianSessions", "cappedSessions"), "capped > sessions", n -> {
                    n.put("clinicianSessions", sessions);
                    n.put("cappedSessions", sessions + more);
                })));
        return Arbitraries.oneOf(choices);
    }

    static List<String> fieldsOfAReport() {
        List<String> fields = new ArrayList<>(List.of("practiceCode", "day"));
        fields.addAll(COUNTS);
        return fields;
    }

    static Arbitrary<JsonNode> badCounts() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(Integer.MIN_VALUE, -1).map(i -> (JsonNode) NODES.numberNode(i)),
                Arbitraries.longs().between(MAX_COUNT + 1, Long.MAX_VALUE).map(l -> (JsonNode) NODES.numberNode(l)),
                Arbitraries.integers().between(20, 900).map(digits -> (JsonNode) NODES.numberNode(new BigInteger("9".repeat(digits)))),
                Arbitraries.integers().between(20, 900).map(digits -> (JsonNode) NODES.numberNode(new BigInteger("-" + "9".repeat(digits)))),
                Arbitraries.bigDecimals().between(BigDecimal.valueOf(-1000), BigDecimal.valueOf(1000)).ofScale(2)
                        .filter(d -> d.stripTrailingZeros().scale() > 0).map(d -> (JsonNode) NODES.numberNode(d)),
                Arbitraries.of(0.5, 1e3, 1.0E10, -0.0, 2.5e-3).map(d -> (JsonNode) NODES.numberNode(d)),
                Arbitraries.integers().between(0, 1000).map(i -> (JsonNode) NODES.stringNode(Integer.toString(i))),
                anyText().ofMaxLength(12).map(s -> (JsonNode) NODES.stringNode(s)),
                Arbitraries.of(true, false).map(b -> (JsonNode) NODES.booleanNode(b)),
                Arbitraries.of((JsonNode) NODES.arrayNode().add(1), NODES.objectNode().put("value", 1), NODES.arrayNode()));
    }

    /** 1 to {@code max} mutations on distinct fields. */
    static Arbitrary<List<Mutation>> distinct(Arbitrary<Mutation> mutations, int max) {
        return mutations.list().ofMinSize(1).ofMaxSize(max).filter(list -> {
            Set<String> seen = new HashSet<>();
            for (Mutation m : list) {
                for (String field : m.touches()) {
                    if (!seen.add(field)) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    static Set<String> fieldsOf(List<Mutation> mutations) {
        return mutations.stream().map(Mutation::field).collect(Collectors.toCollection(TreeSet::new));
    }

    static String labelOf(List<Mutation> mutations) {
        return mutations.stream().map(m -> m.field() + " " + m.label()).collect(Collectors.joining(", "));
    }

    static byte[] json(JsonNode node) {
        return Json.MAPPER.writeValueAsBytes(node);
    }

    /** Sometimes an unknown extra field, which the service ignores: noise that must not change the answer. */
    static Arbitrary<Consumer<ObjectNode>> noise() {
        return Arbitraries.oneOf(
                Arbitraries.just(n -> { }),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10)
                        .filter(name -> !fieldsOfAReport().contains(name) && !List.of("noticeId", "action", "effectiveFrom", "effectiveTo",
                                "submittedBy", "note").contains(name))
                        .map(name -> n -> n.put(name, "ignored")));
    }

    // ---------------------------------------------------------------- CSV

    private static List<String> columns() {
        List<String> columns = new ArrayList<>(List.of("practiceCode", "day"));
        columns.addAll(COUNTS);
        return List.copyOf(columns);
    }

    Map<String, String> validCsvCells() {
        Map<String, String> cells = new LinkedHashMap<>();
        ObjectNode report = validReport();
        for (String column : CSV_COLUMNS) {
            cells.put(column, report.get(column).asString());
        }
        return cells;
    }

    /** A cell mutation: the column at fault and the cells it sets. */
    record CellMutation(String field, Set<String> touches, String label, Consumer<Map<String, String>> apply) {
        static CellMutation of(String field, String label, String value) {
            return new CellMutation(field, Set.of(field), label, cells -> cells.put(field, value));
        }
    }

    Arbitrary<CellMutation> cellMutations() {
        List<Arbitrary<CellMutation>> choices = new ArrayList<>();
        for (String column : CSV_COLUMNS) {
            choices.add(Arbitraries.of("", " ", "  ").map(v -> CellMutation.of(column, "empty", v)));
        }
        choices.add(unknownPracticeCodes()
                .filter(code -> code.chars().noneMatch(c -> c == '\r' || c == 0xFEFF))
                .map(v -> CellMutation.of("practiceCode", "unknown practice", v)));
        choices.add(badDates().filter(v -> v.chars().noneMatch(c -> c == '\r')).map(v -> CellMutation.of("day", "bad date", v)));
        choices.add(Arbitraries.integers().between(1, 40_000).map(ahead -> CellMutation.of("day", "future day", TODAY.plusDays(ahead).toString())));
        for (String column : COUNTS) {
            choices.add(Arbitraries.oneOf(
                    Arbitraries.integers().between(Integer.MIN_VALUE, -1).map(i -> Integer.toString(i)),
                    Arbitraries.longs().between(MAX_COUNT + 1, Long.MAX_VALUE).map(l -> Long.toString(l)),
                    Arbitraries.integers().between(20, 400).map(d -> "9".repeat(d)),
                    Arbitraries.of("1.5", ".5", "-.5", "12.0", "1e3", "0x10", "1,000", "12 ", "twelve", "NaN", "Infinity", "--1", "+-1", "1_000",
                            "=1+1", "١٢"),
                    Arbitraries.strings().withChars("0123456789.-+eE xX").ofMinLength(1).ofMaxLength(8).filter(v -> !v.trim().isEmpty()))
                    .filter(v -> !isValidCountCell(v))
                    .map(v -> CellMutation.of(column, "bad count", v)));
        }
        choices.add(Combinators.combine(Arbitraries.integers().between(0, 5000), Arbitraries.integers().between(1, 5000))
                .as((sessions, more) -> new CellMutation("cappedSessions", Set.of("clinicianSessions", "cappedSessions"), "capped > sessions",
                        cells -> {
                            cells.put("clinicianSessions", Integer.toString(sessions));
                            cells.put("cappedSessions", Integer.toString(sessions + more));
                        })));
        return Arbitraries.oneOf(choices);
    }

    /** What the service would accept as a count cell (api.md: a whole number from 0; at most a million). */
    static boolean isValidCountCell(String cell) {
        String v = cell.trim();
        if (!v.matches("[+-]?\\d+")) {
            return false;
        }
        BigInteger value = new BigInteger(v.startsWith("+") ? v.substring(1) : v);
        return value.signum() >= 0 && value.compareTo(BigInteger.valueOf(MAX_COUNT)) <= 0;
    }

    static Arbitrary<List<CellMutation>> distinctCells(Arbitrary<CellMutation> mutations, int max) {
        return mutations.list().ofMinSize(1).ofMaxSize(max).filter(list -> {
            Set<String> seen = new HashSet<>();
            for (CellMutation m : list) {
                for (String field : m.touches()) {
                    if (!seen.add(field)) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    /** RFC 4180 quoting where a cell needs it, so the generated file is what a careful client would send. */
    static String csvCell(String value, boolean alwaysQuote) {
        if (alwaysQuote || value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")
                || !value.isEmpty() && (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ')) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    static int newlines(CharSequence text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        return count;
    }

    static <T> List<T> shuffled(List<T> list, long seed) {
        List<T> copy = new ArrayList<>(list);
        Collections.shuffle(copy, new java.util.Random(seed));
        return copy;
    }
}
