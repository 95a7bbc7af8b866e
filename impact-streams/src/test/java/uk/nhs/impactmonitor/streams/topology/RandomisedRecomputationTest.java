package uk.nhs.impactmonitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * Many small random scenarios (practices, notices with corrections and withdrawals, reports with corrections,
 * in random arrival order, with emissions at random moments) against a plain recomputation written here straight
 * from indicators.md: loops over practice-days, no shared code with the topology.
 *
 * <p>Indicator days are every day from the earliest to the latest day any arriving record named (a report's day,
 * a notice's effectiveFrom): the topology's horizon only widens.
 */
class RandomisedRecomputationTest {

    private static final int SCENARIOS = Integer.getInteger("scenarios", 200);
    private static final long FIRST_SEED = 20240801L;
    private static final LocalDate BASE_FROM = LocalDate.parse("2024-07-01");
    private static final LocalDate BASE_TO = LocalDate.parse("2024-07-03");
    private static final int DAYS = 16;
    private static final List<CollectiveAction> ACTIONS = List.of(CollectiveAction.STOP_ADVICE_AND_GUIDANCE,
            CollectiveAction.CAP_DAILY_CONTACTS, CollectiveAction.DEFER_PILOTS);
    private static final List<String> AREAS = List.of("ENG", "Y56", "QX1", "QX2");
    private static final List<Metric> ATTRIBUTABLE = List.of(Metric.AG_REQUESTS, Metric.REFERRALS, Metric.ONLINE_REQUESTS,
            Metric.URGENT_CARE_DIVERSIONS, Metric.PATIENT_CONTACTS);
    private static final double EPS = 1e-9;

    record PracticeSpec(String code, String icb, int list) {
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
        int count = 2 + random.nextInt(3);
        for (int p = 1; p <= count; p++) {
            practices.add(new PracticeSpec("P" + p, random.nextInt(3) == 0 ? "QX2" : "QX1", 500 + random.nextInt(20) * 500));
        }
        PracticeDirectory directory = ModelFixture.directory(List.of("QX1", "QX2"),
                practices.stream().map(p -> p.code() + ":" + p.icb() + ":" + p.list()).toList());
        List<Object> arrivals = new ArrayList<>();
        int reports = 4 + random.nextInt(25);
        for (int r = 0; r < reports; r++) {
            PracticeSpec practice = practices.get(random.nextInt(practices.size()));
            LocalDate day = BASE_FROM.plusDays(random.nextInt(DAYS));
            int sessions = random.nextInt(4);
            arrivals.add(ModelFixture.report(practice.code(), day, sessions, random.nextInt(6), sessions == 0 ? 0 : random.nextInt(sessions + 1),
                    random.nextInt(3), random.nextInt(4), random.nextInt(3), random.nextInt(3)));
        }
        int notices = random.nextInt(6);
        for (int n = 0; n < notices; n++) {
            String id = "n" + random.nextInt(3);
            PracticeSpec practice = practices.get(Math.abs(id.hashCode() + (int) seed) % practices.size());
            LocalDate from = BASE_FROM.plusDays(random.nextInt(DAYS));
            LocalDate to = random.nextBoolean() ? null : from.plusDays(random.nextInt(5));
            NoticeEventType type = NoticeEventType.values()[random.nextInt(3)];
            arrivals.add(ModelFixture.notice(type, id, practice.code(), ACTIONS.get(random.nextInt(ACTIONS.size())), from, to));
        }
        java.util.Collections.shuffle(arrivals, random);
        if (random.nextBoolean()) {
            // baseline first, then the rest in random order: otherwise a late baseline report (which recomputes every
            // day) hides a late report that failed to recompute its own seven days
            arrivals.sort(java.util.Comparator.comparing(a -> !(a instanceof DailyReport r && !r.day().isAfter(BASE_TO))));
        }

        Map<String, IndicatorValue> emitted;
        Map<String, IndicatorValue> stored = new HashMap<>();
        try (ModelFixture fixture = new ModelFixture(directory, BASE_FROM, BASE_TO, 1 + random.nextInt(20), true)) {
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
        Map<String, Expected> expected = recompute(practices, arrivals);
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

    record Expected(Double value, long practices, long practiceDays) {
        void assertMatches(String key, IndicatorValue actual) {
            if (value == null) {
                assertThat(actual.value()).as("value of %s", key).isNull();
            } else {
                assertThat(actual.value()).as("value of %s", key).isNotNull();
                assertThat(actual.value()).as("value of %s", key).isCloseTo(value, org.assertj.core.api.Assertions.within(EPS));
            }
            assertThat(actual.practices()).as("practices of %s", key).isEqualTo(practices);
            assertThat(actual.practiceDays()).as("practiceDays of %s", key).isEqualTo(practiceDays);
        }
    }

    /** indicators.md, literally. */
    private static Map<String, Expected> recompute(List<PracticeSpec> practices, List<Object> arrivals) {
        Map<String, DailyReport> latestReport = new LinkedHashMap<>();
        Map<String, NoticeEvent> latestNotice = new LinkedHashMap<>();
        LocalDate first = null;
        LocalDate last = null;
        for (Object arrival : arrivals) {
            LocalDate day;
            if (arrival instanceof DailyReport report) {
                latestReport.put(report.key(), report);
                day = report.day();
            } else {
                NoticeEvent notice = (NoticeEvent) arrival;
                latestNotice.put(notice.noticeId(), notice);
                day = notice.effectiveFrom();
            }
            first = first == null || day.isBefore(first) ? day : first;
            last = last == null || day.isAfter(last) ? day : last;
        }
        Map<String, Expected> expected = new HashMap<>();
        for (String area : AREAS) {
            List<PracticeSpec> inArea = practices.stream().filter(p -> area.equals("ENG") || area.equals("Y56") || area.equals(p.icb())).toList();
            long listOfArea = inArea.stream().mapToLong(PracticeSpec::list).sum();
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                final LocalDate day = d;
                // participation
                for (CollectiveAction action : CollectiveAction.values()) {
                    List<PracticeSpec> with = inArea.stream().filter(p -> inForce(latestNotice, p, action, day)).toList();
                    long withList = with.stream().mapToLong(PracticeSpec::list).sum();
                    put(expected, area, day, Indicator.PARTICIPATING_PRACTICES, action, null, (double) with.size(), inArea.size(), 0);
                    put(expected, area, day, Indicator.PARTICIPATION_RATE, action, null,
                            inArea.isEmpty() ? null : (double) with.size() / inArea.size(), inArea.size(), 0);
                    put(expected, area, day, Indicator.PATIENTS_COVERED_RATE, action, null,
                            listOfArea == 0 ? null : (double) withList / listOfArea, inArea.size(), 0);
                    if (!with.isEmpty()) {
                        List<PracticeSpec> without = inArea.stream().filter(p -> !with.contains(p)).toList();
                        long basisDays = windowDays(latestReport, inArea, day).size() + baselineDays(latestReport, inArea).size();
                        for (Metric metric : ATTRIBUTABLE) {
                            Double withChange = change(latestReport, with, day, metric);
                            Double withoutChange = change(latestReport, without, day, metric);
                            Double value = without.isEmpty() || withChange == null || withoutChange == null ? null : withChange - withoutChange;
                            put(expected, area, day, Indicator.ATTRIBUTABLE_CHANGE, action, metric, value, inArea.size(), basisDays);
                        }
                    }
                }
                // reports
                List<PracticeDay> window = windowDays(latestReport, inArea, day);
                List<PracticeDay> baseline = baselineDays(latestReport, inArea);
                long windowPractices = window.stream().map(pd -> pd.practice().code()).distinct().count();
                long changeDays = window.size() + baseline.size();
                Double ag = change(latestReport, inArea, day, Metric.AG_REQUESTS);
                put(expected, area, day, Indicator.AG_DROPOFF, null, null, ag == null ? null : -ag, windowPractices, changeDays);
                put(expected, area, day, Indicator.REFERRAL_CHANGE, null, null, change(latestReport, inArea, day, Metric.REFERRALS),
                        windowPractices, changeDays);
                put(expected, area, day, Indicator.ONLINE_REQUEST_CHANGE, null, null, change(latestReport, inArea, day, Metric.ONLINE_REQUESTS),
                        windowPractices, changeDays);
                put(expected, area, day, Indicator.URGENT_CARE_DIVERSIONS_RATE, null, null, rate(window, Metric.URGENT_CARE_DIVERSIONS),
                        windowPractices, window.size());
                long sessions = sum(window, Metric.CLINICIAN_SESSIONS);
                put(expected, area, day, Indicator.CAPPED_SESSION_SHARE, null, null,
                        sessions == 0 ? null : (double) sum(window, Metric.CAPPED_SESSIONS) / sessions, windowPractices, window.size());
                put(expected, area, day, Indicator.CONTACTS_PER_SESSION, null, null,
                        sessions == 0 ? null : (double) sum(window, Metric.PATIENT_CONTACTS) / sessions, windowPractices, window.size());
                long reporting = inArea.stream().filter(p -> latestReport.containsKey(DailyReport.key(p.code(), day))).count();
                put(expected, area, day, Indicator.REPORTING_COMPLETENESS, null, null,
                        inArea.isEmpty() ? null : (double) reporting / inArea.size(), inArea.size(), reporting);
            }
        }
        return expected;
    }

    record PracticeDay(PracticeSpec practice, DailyReport report) {
    }

    private static boolean inForce(Map<String, NoticeEvent> notices, PracticeSpec practice, CollectiveAction action, LocalDate day) {
        return notices.values().stream().anyMatch(n -> n.practiceCode().equals(practice.code()) && n.action() == action
                && n.type() != NoticeEventType.WITHDRAWN && !day.isBefore(n.effectiveFrom())
                && (n.effectiveTo() == null || !day.isAfter(n.effectiveTo())));
    }

    private static List<PracticeDay> windowDays(Map<String, DailyReport> reports, List<PracticeSpec> practices, LocalDate day) {
        return days(reports, practices, day.minusDays(6), day);
    }

    private static List<PracticeDay> baselineDays(Map<String, DailyReport> reports, List<PracticeSpec> practices) {
        return days(reports, practices, BASE_FROM, BASE_TO);
    }

    private static List<PracticeDay> days(Map<String, DailyReport> reports, List<PracticeSpec> practices, LocalDate from, LocalDate to) {
        List<PracticeDay> found = new ArrayList<>();
        for (PracticeSpec practice : practices) {
            for (LocalDate e = from; !e.isAfter(to); e = e.plusDays(1)) {
                DailyReport report = reports.get(DailyReport.key(practice.code(), e));
                if (report != null) {
                    found.add(new PracticeDay(practice, report));
                }
            }
        }
        return found;
    }

    private static long sum(List<PracticeDay> days, Metric metric) {
        return days.stream().mapToLong(pd -> pd.report().count(metric)).sum();
    }

    /** rate(S, m) = 1000 · Σ m / Σ list, absent when Σ list = 0. */
    private static Double rate(List<PracticeDay> days, Metric metric) {
        long list = days.stream().mapToLong(pd -> pd.practice().list()).sum();
        return list == 0 ? null : 1000.0 * sum(days, metric) / list;
    }

    /** change = rate7 / base - 1, absent when the window is empty or the baseline has no data or is zero. */
    private static Double change(Map<String, DailyReport> reports, List<PracticeSpec> practices, LocalDate day, Metric metric) {
        Double rate7 = rate(windowDays(reports, practices, day), metric);
        Double base = rate(baselineDays(reports, practices), metric);
        if (rate7 == null || base == null || base == 0.0) {
            return null;
        }
        return rate7 / base - 1;
    }

    private static void put(Map<String, Expected> expected, String area, LocalDate day, Indicator indicator, CollectiveAction action,
                            Metric metric, Double value, long practices, long practiceDays) {
        expected.put(IndicatorValue.key(area, day, indicator, action, metric), new Expected(value, practices, practiceDays));
    }
}
