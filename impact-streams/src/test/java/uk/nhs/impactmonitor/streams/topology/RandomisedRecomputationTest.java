package uk.nhs.impactmonitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;

/**
 * Many small random scenarios (practices in three ICBs of two regions, so England is not a region; notices with
 * corrections and withdrawals, some given in advance; reports with corrections, fewer and smaller on closed days; in
 * random arrival order, with emissions at random moments; a random reporting lag) against a plain recomputation
 * written here straight from indicators.md version 2: loops over practices and practice-days, the bank holiday of
 * 26 August 2024 written here, no production class used for the arithmetic.
 *
 * <p>The days span Tuesday 20 August to Wednesday 4 September 2024; the baseline B is 22-28 August, so it holds the
 * bank holiday (a Sunday by type) and no Monday: a window holding a Monday has a type the baseline never saw.
 *
 * <p>Days with values (impact-streams' choice, documented in its README): from the earliest to the latest day any
 * arriving record named (a report's day, a notice version's effectiveFrom and effectiveTo); report-based values on days
 * up to H only; participation on every such day for every action any notice version named.
 */
class RandomisedRecomputationTest {

    private static final int SCENARIOS = Integer.getInteger("scenarios", 200);
    private static final long FIRST_SEED = 20240801L;
    private static final LocalDate FIRST_DAY = LocalDate.parse("2024-08-20");
    private static final LocalDate BASE_FROM = LocalDate.parse("2024-08-22");
    private static final LocalDate BASE_TO = LocalDate.parse("2024-08-28");
    private static final Set<LocalDate> BANK_HOLIDAYS = Set.of(LocalDate.parse("2024-08-26"));
    private static final int DAYS = 16;
    private static final double Z = 1.959963984540054;
    private static final List<CollectiveAction> ACTIONS = List.of(CollectiveAction.STOP_ADVICE_AND_GUIDANCE,
            CollectiveAction.CAP_DAILY_CONTACTS, CollectiveAction.DEFER_PILOTS);
    private static final Map<String, String> ICB_REGIONS = Map.of("QX1", "Y56", "QX2", "Y56", "QX3", "Y58");
    private static final List<String> AREAS = List.of("ENG", "Y56", "Y58", "QX1", "QX2", "QX3");
    private static final List<Metric> ATTRIBUTABLE = List.of(Metric.AG_REQUESTS, Metric.REFERRALS, Metric.ONLINE_REQUESTS,
            Metric.URGENT_CARE_DIVERSIONS, Metric.PATIENT_CONTACTS);
    private static final double EPS = 1e-9;

    record PracticeSpec(String code, String icb, String region, int list) {
        boolean in(String area) {
            return area.equals("ENG") || area.equals(region) || area.equals(icb);
        }
    }

    @Test
    void shouldEqualAPlainRecomputationWhenRecordsArriveInRandomOrder() {
        for (int i = 0; i < SCENARIOS; i++) {
            long seed = FIRST_SEED + i;
            try {
                runScenario(seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("scenario with seed " + seed + " failed: " + e.getMessage(), e);
            }
        }
    }

    private void runScenario(long seed) {
        // given
        Random random = new Random(seed);
        List<PracticeSpec> practices = new ArrayList<>();
        List<String> icbs = List.of("QX1", "QX2", "QX3");
        int count = 2 + random.nextInt(5);
        for (int p = 1; p <= count; p++) {
            String icb = icbs.get(random.nextInt(icbs.size()));
            practices.add(new PracticeSpec("P" + p, icb, ICB_REGIONS.get(icb), 500 + random.nextInt(20) * 500));
        }
        PracticeDirectory directory = ModelFixture.directory(ICB_REGIONS,
                practices.stream().map(p -> p.code() + ":" + p.icb() + ":" + p.list()).toList());
        List<Object> arrivals = new ArrayList<>();
        int reports = 4 + random.nextInt(60);
        for (int r = 0; r < reports; r++) {
            PracticeSpec practice = practices.get(random.nextInt(practices.size()));
            LocalDate day = FIRST_DAY.plusDays(random.nextInt(DAYS));
            boolean closed = !working(day);
            if (closed && random.nextInt(3) != 0) {
                continue; // most practices send nothing for a closed day
            }
            int scale = closed ? 1 : 4;
            int sessions = random.nextInt(scale + 1);
            arrivals.add(ModelFixture.report(practice.code(), day, sessions, random.nextInt(2 * scale), sessions == 0 ? 0 : random.nextInt(sessions + 1),
                    random.nextInt(scale), 1 + random.nextInt(scale), random.nextInt(scale), random.nextInt(scale)));
        }
        int notices = random.nextInt(6);
        for (int n = 0; n < notices; n++) {
            String id = "n" + random.nextInt(3);
            PracticeSpec practice = practices.get(Math.abs(id.hashCode() + (int) seed) % practices.size());
            LocalDate from = FIRST_DAY.plusDays(random.nextInt(DAYS + 4)); // some given in advance, beyond every report
            LocalDate to = random.nextBoolean() ? null : from.plusDays(random.nextInt(5));
            NoticeEventType type = NoticeEventType.values()[random.nextInt(3)];
            arrivals.add(ModelFixture.notice(type, id, practice.code(), ACTIONS.get(random.nextInt(ACTIONS.size())), from, to));
        }
        java.util.Collections.shuffle(arrivals, random);
        if (random.nextBoolean()) {
            // baseline first, then the rest in random order: otherwise a late baseline report (which recomputes every
            // day) hides a late report that failed to recompute its own seven days
            arrivals.sort(java.util.Comparator.comparing(a -> !(a instanceof DailyReport r && !r.day().isAfter(BASE_TO)
                    && !r.day().isBefore(BASE_FROM))));
        }
        int lag = random.nextInt(5);

        Map<String, IndicatorValue> emitted;
        Map<String, IndicatorValue> stored = new HashMap<>();
        try (ModelFixture fixture = new ModelFixture(directory, BASE_FROM, BASE_TO, 1 + random.nextInt(20), true, lag)) {
            // when
            for (Object arrival : arrivals) {
                if (arrival instanceof DailyReport report) {
                    fixture.send(report);
                } else {
                    fixture.send((NoticeEvent) arrival);
                }
                if (random.nextInt(4) == 0) {
                    fixture.emit();
                }
            }
            fixture.emitAll();
            emitted = new HashMap<>(fixture.allEmitted());
            try (var all = fixture.indicatorStore().all()) {
                all.forEachRemaining(kv -> stored.put(kv.key, kv.value));
            }
        }

        // then
        Map<String, Expected> expected = recompute(practices, arrivals, lag);
        for (Map.Entry<String, Expected> entry : expected.entrySet()) {
            IndicatorValue actual = emitted.get(entry.getKey());
            assertThat(actual).as("emitted %s", entry.getKey()).isNotNull();
            entry.getValue().assertMatches(entry.getKey(), actual);
            assertThat(stored.get(entry.getKey()).sameReadingAs(actual)).as("stored %s", entry.getKey()).isTrue();
        }
        for (Map.Entry<String, IndicatorValue> entry : emitted.entrySet()) {
            if (!expected.containsKey(entry.getKey())) {
                assertThat(entry.getValue().indicator()).as("unexpected %s", entry.getKey()).isEqualTo(Indicator.ATTRIBUTABLE_CHANGE);
                assertThat(entry.getValue().value()).as("retired %s", entry.getKey()).isNull();
            }
        }
    }

    record Expected(Double value, Double low, Double high, boolean provisional, long practices, long practiceDays) {
        void assertMatches(String key, IndicatorValue actual) {
            close("value", key, value, actual.value());
            close("low", key, low, actual.low());
            close("high", key, high, actual.high());
            assertThat(actual.provisional()).as("provisional of %s", key).isEqualTo(provisional);
            assertThat(actual.practices()).as("practices of %s", key).isEqualTo(practices);
            assertThat(actual.practiceDays()).as("practiceDays of %s", key).isEqualTo(practiceDays);
        }

        private static void close(String what, String key, Double expected, Double actual) {
            if (expected == null) {
                assertThat(actual).as("%s of %s", what, key).isNull();
            } else {
                assertThat(actual).as("%s of %s", what, key).isNotNull();
                assertThat(actual).as("%s of %s", what, key).isCloseTo(expected, within(EPS * Math.max(1, Math.abs(expected))));
            }
        }
    }

    /** τ(e): the weekday, a bank holiday counting as a Sunday. */
    private static DayOfWeek type(LocalDate day) {
        return BANK_HOLIDAYS.contains(day) ? DayOfWeek.SUNDAY : day.getDayOfWeek();
    }

    private static boolean working(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY && !BANK_HOLIDAYS.contains(day);
    }

    /** indicators.md, literally. */
    private static Map<String, Expected> recompute(List<PracticeSpec> practices, List<Object> arrivals, int lag) {
        Map<String, DailyReport> latestReport = new LinkedHashMap<>();
        Map<String, NoticeEvent> latestNotice = new LinkedHashMap<>();
        Set<CollectiveAction> named = EnumSet.noneOf(CollectiveAction.class);
        Map<String, Set<CollectiveAction>> namedInArea = new HashMap<>();
        LocalDate first = null;
        LocalDate last = null;
        LocalDate horizon = null;
        for (Object arrival : arrivals) {
            List<LocalDate> days = new ArrayList<>();
            if (arrival instanceof DailyReport report) {
                latestReport.put(report.key(), report);
                days.add(report.day());
                horizon = horizon == null || report.day().isAfter(horizon) ? report.day() : horizon;
            } else {
                NoticeEvent notice = (NoticeEvent) arrival;
                latestNotice.put(notice.noticeId(), notice);
                named.add(notice.action());
                PracticeSpec practice = practices.stream().filter(p -> p.code().equals(notice.practiceCode())).findFirst().orElseThrow();
                for (String area : AREAS) {
                    if (practice.in(area)) {
                        namedInArea.computeIfAbsent(area, a -> EnumSet.noneOf(CollectiveAction.class)).add(notice.action());
                    }
                }
                days.add(notice.effectiveFrom());
                if (notice.effectiveTo() != null) {
                    days.add(notice.effectiveTo());
                }
            }
            for (LocalDate day : days) {
                first = first == null || day.isBefore(first) ? day : first;
                last = last == null || day.isAfter(last) ? day : last;
            }
        }
        Map<String, Expected> expected = new HashMap<>();
        for (String area : AREAS) {
            List<PracticeSpec> inArea = practices.stream().filter(p -> p.in(area)).toList();
            long listOfArea = inArea.stream().mapToLong(PracticeSpec::list).sum();
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                final LocalDate day = d;
                boolean reportBased = horizon != null && !day.isAfter(horizon);
                boolean provisional = reportBased && day.isAfter(horizon.minusDays(lag));
                // participation: every action any notice named, every day, never provisional
                for (CollectiveAction action : named) {
                    List<PracticeSpec> with = inArea.stream().filter(p -> inForce(latestNotice, p, action, day)).toList();
                    long withList = with.stream().mapToLong(PracticeSpec::list).sum();
                    put(expected, area, day, Indicator.PARTICIPATING_PRACTICES, action, null, (double) with.size(), null, false,
                            inArea.size(), 0);
                    put(expected, area, day, Indicator.PARTICIPATION_RATE, action, null,
                            inArea.isEmpty() ? null : (double) with.size() / inArea.size(), null, false, inArea.size(), 0);
                    put(expected, area, day, Indicator.PATIENTS_COVERED_RATE, action, null,
                            listOfArea == 0 ? null : (double) withList / listOfArea, null, false, inArea.size(), 0);
                }
                if (!reportBased) {
                    continue; // nothing report-based after H
                }
                List<PracticeDay> window = windowDays(latestReport, inArea, day);
                // attributable change, for every action in force somewhere in A on d
                for (CollectiveAction action : namedInArea.getOrDefault(area, Set.of())) {
                    List<PracticeSpec> with = inArea.stream().filter(p -> inForce(latestNotice, p, action, day)).toList();
                    if (with.isEmpty()) {
                        continue;
                    }
                    List<PracticeSpec> without = inArea.stream().filter(p -> !with.contains(p)).toList();
                    for (Metric metric : ATTRIBUTABLE) {
                        Change c1 = change(latestReport, with, day, metric);
                        Change c0 = change(latestReport, without, day, metric);
                        Double value = without.isEmpty() || c1.value() == null || c0.value() == null ? null : c1.value() - c0.value();
                        Double half = value == null || c1.se() == null || c0.se() == null ? null
                                : Z * Math.sqrt(c1.se() * c1.se() + c0.se() * c0.se());
                        put(expected, area, day, Indicator.ATTRIBUTABLE_CHANGE, action, metric, value,
                                half == null ? null : new double[] {value - half, value + half}, provisional, c1.n() + c0.n(), window.size());
                    }
                }
                Change ag = change(latestReport, inArea, day, Metric.AG_REQUESTS);
                put(expected, area, day, Indicator.AG_DROPOFF, null, null, ag.value() == null ? null : -ag.value(),
                        ag.se() == null ? null : new double[] {-(ag.value() + Z * ag.se()), -(ag.value() - Z * ag.se())}, provisional,
                        ag.n(), window.size());
                for (Map.Entry<Indicator, Metric> change : Map.of(Indicator.REFERRAL_CHANGE, Metric.REFERRALS,
                        Indicator.ONLINE_REQUEST_CHANGE, Metric.ONLINE_REQUESTS).entrySet()) {
                    Change c = change(latestReport, inArea, day, change.getValue());
                    put(expected, area, day, change.getKey(), null, null, c.value(),
                            c.se() == null ? null : new double[] {c.value() - Z * c.se(), c.value() + Z * c.se()}, provisional, c.n(),
                            window.size());
                }
                List<PracticeDay> working = window.stream().filter(pd -> working(pd.day())).toList();
                long workingList = working.stream().mapToLong(pd -> pd.practice().list()).sum();
                put(expected, area, day, Indicator.URGENT_CARE_DIVERSIONS_RATE, null, null,
                        workingList == 0 ? null : 1000.0 * sum(working, Metric.URGENT_CARE_DIVERSIONS) / workingList, null, provisional,
                        distinctPractices(working), working.size());
                long sessions = sum(window, Metric.CLINICIAN_SESSIONS);
                put(expected, area, day, Indicator.CAPPED_SESSION_SHARE, null, null,
                        sessions == 0 ? null : (double) sum(window, Metric.CAPPED_SESSIONS) / sessions, null, provisional,
                        distinctPractices(window), window.size());
                put(expected, area, day, Indicator.CONTACTS_PER_SESSION, null, null,
                        sessions == 0 ? null : (double) sum(window, Metric.PATIENT_CONTACTS) / sessions, null, provisional,
                        distinctPractices(window), window.size());
                long reporting = inArea.stream().filter(p -> latestReport.containsKey(DailyReport.key(p.code(), day))).count();
                put(expected, area, day, Indicator.REPORTING_COMPLETENESS, null, null,
                        !working(day) || inArea.isEmpty() ? null : (double) reporting / inArea.size(), null, provisional, inArea.size(),
                        reporting);
            }
        }
        return expected;
    }

    record PracticeDay(PracticeSpec practice, LocalDate day, DailyReport report) {
    }

    /** change(G,d,m), its se (null where absent or n < 2), and n. */
    record Change(Double value, Double se, long n) {
    }

    /**
     * The change against baseline standardised by day type, and its standard error from the influence formula, by brute
     * force over the practices of G and the days of W(d) and B.
     */
    private static Change change(Map<String, DailyReport> reports, List<PracticeSpec> group, LocalDate day, Metric metric) {
        int size = group.size();
        double[] o = new double[size];
        double[][] x = new double[size][7];
        double[][] uOf = new double[size][7];
        double[][] vOf = new double[size][7];
        long n = 0;
        boolean anyWindow = false;
        for (int i = 0; i < size; i++) {
            PracticeSpec practice = group.get(i);
            boolean any = false;
            for (PracticeDay pd : days(reports, List.of(practice), day.minusDays(6), day)) {
                o[i] += pd.report().count(metric);
                x[i][type(pd.day()).ordinal()] += practice.list();
                any = true;
                anyWindow = true;
            }
            for (PracticeDay pd : days(reports, List.of(practice), BASE_FROM, BASE_TO)) {
                uOf[i][type(pd.day()).ordinal()] += pd.report().count(metric);
                vOf[i][type(pd.day()).ordinal()] += practice.list();
                any = true;
            }
            if (any) {
                n++;
            }
        }
        double bigO = 0;
        double[] bigX = new double[7];
        double[] bigU = new double[7];
        double[] bigV = new double[7];
        for (int i = 0; i < size; i++) {
            bigO += o[i];
            for (int t = 0; t < 7; t++) {
                bigX[t] += x[i][t];
                bigU[t] += uOf[i][t];
                bigV[t] += vOf[i][t];
            }
        }
        if (!anyWindow) {
            return new Change(null, null, n);
        }
        double e = 0;
        for (int t = 0; t < 7; t++) {
            if (bigX[t] > 0) {
                if (bigV[t] == 0) {
                    return new Change(null, null, n); // a type of the window the baseline never saw
                }
                e += bigX[t] * bigU[t] / bigV[t];
            }
        }
        if (e == 0) {
            return new Change(null, null, n);
        }
        double r = bigO / e;
        if (n < 2) {
            return new Change(r - 1, null, n);
        }
        double squares = 0;
        for (int i = 0; i < size; i++) {
            double bracket = 0;
            for (int t = 0; t < 7; t++) {
                if (bigX[t] > 0) {
                    bracket += bigU[t] * x[i][t] / bigV[t] + bigX[t] * uOf[i][t] / bigV[t]
                            - bigU[t] * bigX[t] * vOf[i][t] / (bigV[t] * bigV[t]);
                }
            }
            double z = (o[i] - r * bracket) / e;
            squares += z * z;
        }
        return new Change(r - 1, Math.sqrt((double) n / (n - 1) * squares), n);
    }

    private static boolean inForce(Map<String, NoticeEvent> notices, PracticeSpec practice, CollectiveAction action, LocalDate day) {
        return notices.values().stream().anyMatch(n -> n.practiceCode().equals(practice.code()) && n.action() == action
                && n.type() != NoticeEventType.WITHDRAWN && !day.isBefore(n.effectiveFrom())
                && (n.effectiveTo() == null || !day.isAfter(n.effectiveTo())));
    }

    private static List<PracticeDay> windowDays(Map<String, DailyReport> reports, List<PracticeSpec> practices, LocalDate day) {
        return days(reports, practices, day.minusDays(6), day);
    }

    private static List<PracticeDay> days(Map<String, DailyReport> reports, List<PracticeSpec> practices, LocalDate from, LocalDate to) {
        List<PracticeDay> found = new ArrayList<>();
        for (PracticeSpec practice : practices) {
            for (LocalDate e = from; !e.isAfter(to); e = e.plusDays(1)) {
                DailyReport report = reports.get(DailyReport.key(practice.code(), e));
                if (report != null) {
                    found.add(new PracticeDay(practice, e, report));
                }
            }
        }
        return found;
    }

    private static long distinctPractices(List<PracticeDay> days) {
        return days.stream().map(pd -> pd.practice().code()).distinct().count();
    }

    private static long sum(List<PracticeDay> days, Metric metric) {
        return days.stream().mapToLong(pd -> pd.report().count(metric)).sum();
    }

    private static void put(Map<String, Expected> expected, String area, LocalDate day, Indicator indicator, CollectiveAction action,
                            Metric metric, Double value, double[] interval, boolean provisional, long practices, long practiceDays) {
        boolean present = value != null;
        expected.put(IndicatorValue.key(area, day, indicator, action, metric), new Expected(value,
                present && interval != null ? interval[0] : null, present && interval != null ? interval[1] : null,
                present && provisional, practices, practiceDays));
    }
}
