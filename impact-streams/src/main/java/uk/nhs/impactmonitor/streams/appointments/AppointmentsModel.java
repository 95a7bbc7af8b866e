package uk.nhs.impactmonitor.streams.appointments;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.appointments.SubIcbAppointments;
import uk.nhs.impactmonitor.domain.calendar.ActivityCalendar;
import uk.nhs.impactmonitor.domain.directory.Area;
import uk.nhs.impactmonitor.domain.directory.AreaKind;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.streams.indicator.Group;
import uk.nhs.impactmonitor.streams.indicator.PracticeDays;
import uk.nhs.impactmonitor.streams.indicator.PracticeVector;

/**
 * The GP appointments feed's indicators (indicators.md, "The GP appointments feed"): {@code appointments_change}
 * and {@code appointments_rate} for metrics {@code all} and {@code gp}, for every ICB, region and England, from
 * the latest counts of each sub-ICB-day. Sub-ICB locations stand where practices stand in the report-based
 * indicators: list(s) = Σ list(p) over the directory's practices of s, and s belongs to its practices' ICB and
 * region (the most common among them, should they ever differ). A sub-ICB unknown to the directory has no list
 * and no ICB: it counts only in England's daily totals.
 *
 * <p>Not thread-safe: used by one stream task.
 */
public final class AppointmentsModel {

    private static final int WINDOW = 7;

    /** A sub-ICB the directory knows. */
    record SubIcb(String code, long list, long practices, String icb, String region) {
    }

    private final ActivityCalendar calendar;
    private final LocalDate baselineFrom;
    private final LocalDate baselineTo;
    private final Map<String, SubIcb> subIcbs = new HashMap<>();
    /** area code → its sub-ICBs (ICBs, regions, England), in directory order. */
    private final Map<String, List<SubIcb>> areas = new LinkedHashMap<>();
    /** sub-ICB → day → the latest counts. */
    private final Map<String, TreeMap<LocalDate, SubIcbAppointments>> data = new HashMap<>();
    private LocalDate earliest;
    private LocalDate horizon;

    public AppointmentsModel(PracticeDirectory directory, ActivityCalendar calendar, LocalDate baselineFrom, LocalDate baselineTo) {
        this.calendar = calendar;
        this.baselineFrom = baselineFrom;
        this.baselineTo = baselineTo;
        Map<String, List<Practice>> bySubIcb = new TreeMap<>();
        for (Practice practice : directory.practices()) {
            if (practice.subIcbCode() != null && !practice.subIcbCode().isBlank()) {
                bySubIcb.computeIfAbsent(practice.subIcbCode(), k -> new ArrayList<>()).add(practice);
            }
        }
        bySubIcb.forEach((code, practices) -> subIcbs.put(code, new SubIcb(code,
                practices.stream().mapToLong(Practice::listSize).sum(), practices.size(),
                mostCommon(practices.stream().map(Practice::icbCode).toList()),
                mostCommon(practices.stream().map(Practice::regionCode).toList()))));
        for (Area area : directory.areas()) {
            List<SubIcb> members = subIcbs.values().stream()
                    .filter(s -> area.kind() == AreaKind.COUNTRY || area.code().equals(s.icb()) || area.code().equals(s.region()))
                    .sorted(java.util.Comparator.comparing(SubIcb::code))
                    .toList();
            areas.put(area.code(), members);
        }
    }

    private static String mostCommon(List<String> codes) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        codes.forEach(code -> counts.merge(code, 1, Integer::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    /**
     * Holds the latest counts of a sub-ICB-day (replacing any earlier ones).
     *
     * @return the days whose values may change: d … d+6, every held day when d lies in the baseline, and every day
     *         the horizon newly covers
     */
    public List<LocalDate> put(SubIcbAppointments counts) {
        data.computeIfAbsent(counts.subIcb(), k -> new TreeMap<>()).put(counts.day(), counts);
        LocalDate oldHorizon = horizon;
        if (earliest == null || counts.day().isBefore(earliest)) {
            earliest = counts.day();
        }
        if (horizon == null || counts.day().isAfter(horizon)) {
            horizon = counts.day();
        }
        if (!counts.day().isBefore(baselineFrom) && !counts.day().isAfter(baselineTo)) {
            return days();
        }
        List<LocalDate> affected = new ArrayList<>();
        for (int k = 0; k < WINDOW; k++) {
            affected.add(counts.day().plusDays(k));
        }
        if (oldHorizon != null) {
            for (LocalDate day = oldHorizon.plusDays(1); day.isBefore(counts.day()); day = day.plusDays(1)) {
                affected.add(day);
            }
        }
        return affected;
    }

    /** Every day with values: the first day with data … H_a. */
    public List<LocalDate> days() {
        List<LocalDate> days = new ArrayList<>();
        if (earliest != null) {
            for (LocalDate day = earliest; !day.isAfter(horizon); day = day.plusDays(1)) {
                days.add(day);
            }
        }
        return days;
    }

    /** H_a: the feed's latest day, or null without data. */
    public LocalDate horizon() {
        return horizon;
    }

    public Iterable<String> areaCodes() {
        return areas.keySet();
    }

    /** The area's daily totals over its sub-ICBs with data on the day (England: every sub-ICB with data). */
    public AreaAppointments totals(String area, LocalDate day) {
        long all = 0;
        long gp = 0;
        int count = 0;
        if (Area.ENGLAND.equals(area)) {
            for (TreeMap<LocalDate, SubIcbAppointments> days : data.values()) {
                SubIcbAppointments counts = days.get(day);
                if (counts != null) {
                    all += counts.all();
                    gp += counts.gp();
                    count++;
                }
            }
        } else {
            for (SubIcb subIcb : areas.getOrDefault(area, List.of())) {
                SubIcbAppointments counts = at(subIcb.code(), day);
                if (counts != null) {
                    all += counts.all();
                    gp += counts.gp();
                    count++;
                }
            }
        }
        return new AreaAppointments(area, day, all, gp, count);
    }

    private SubIcbAppointments at(String subIcb, LocalDate day) {
        TreeMap<LocalDate, SubIcbAppointments> days = data.get(subIcb);
        return days == null ? null : days.get(day);
    }

    private static long count(SubIcbAppointments counts, Metric metric) {
        return metric == Metric.GP ? counts.gp() : counts.all();
    }

    /**
     * The four values (change and rate, {@code all} and {@code gp}) of an area on day d; empty after H_a (the feed
     * says nothing yet). Never provisional: the publication is final.
     */
    public List<IndicatorValue> compute(String area, LocalDate d, Instant now) {
        if (horizon == null || d.isAfter(horizon)) {
            return List.of();
        }
        List<SubIcb> members = areas.getOrDefault(area, List.of());
        List<IndicatorValue> values = new ArrayList<>(4);
        Map<Metric, IndicatorValue> changes = changes(area, members, d, now);
        for (Metric metric : Metric.APPOINTMENT_METRICS) {
            values.add(changes.get(metric));
            values.add(rate(area, members, d, metric, now));
        }
        return values;
    }

    /**
     * appointments_change for both metrics: the day-type change and its interval of the report-based indicators
     * ({@link Group}), with the area's sub-ICB locations as the clusters, list(s) standing for list(p).
     */
    private Map<Metric, IndicatorValue> changes(String area, List<SubIcb> members, LocalDate d, Instant now) {
        int clusters = members.size();
        PracticeDays window = new PracticeDays(clusters, Metric.APPOINTMENT_METRICS);
        PracticeDays baseline = new PracticeDays(clusters, Metric.APPOINTMENT_METRICS);
        long practices = 0;
        long practiceDays = 0;
        for (int i = 0; i < clusters; i++) {
            SubIcb s = members.get(i);
            TreeMap<LocalDate, SubIcbAppointments> days = data.get(s.code());
            if (days == null) {
                continue;
            }
            boolean seen = false;
            for (SubIcbAppointments counts : days.subMap(d.minusDays(WINDOW - 1), true, d, true).values()) {
                window.add(i, calendar.dayType(counts.day()).ordinal(), counts.all(), counts.gp());
                practiceDays += s.practices();
                seen = true;
            }
            for (SubIcbAppointments counts : days.subMap(baselineFrom, true, baselineTo, true).values()) {
                baseline.add(i, calendar.dayType(counts.day()).ordinal(), counts.all(), counts.gp());
                seen = true;
            }
            if (seen) {
                practices += s.practices();
            }
        }
        Group group = new Group(Metric.APPOINTMENT_METRICS);
        for (int i = 0; i < clusters; i++) {
            group.addPractice(window, baseline, i, members.get(i).list(), false);
        }
        int both = group.bit(Metric.ALL) | group.bit(Metric.GP);
        group.prepare(both);
        PracticeVector vector = new PracticeVector(Metric.APPOINTMENT_METRICS);
        for (int i = 0; i < clusters; i++) {
            vector.load(window, baseline, i, members.get(i).list(), both);
            group.addInfluence(vector, both);
        }
        Map<Metric, IndicatorValue> values = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.APPOINTMENT_METRICS) {
            double[] interval = group.interval(metric);
            values.put(metric, new IndicatorValue(IndicatorValue.SCHEMA_VERSION, Indicator.APPOINTMENTS_CHANGE, null, metric,
                    area, d, group.change(metric), interval == null ? null : interval[0], interval == null ? null : interval[1],
                    false, practices, practiceDays, now));
        }
        return values;
    }

    private IndicatorValue rate(String area, List<SubIcb> members, LocalDate d, Metric metric, Instant now) {
        double appointments = 0;
        double lists = 0;
        long practices = 0;
        long practiceDays = 0;
        for (SubIcb s : members) {
            TreeMap<LocalDate, SubIcbAppointments> days = data.get(s.code());
            if (days == null) {
                continue;
            }
            boolean used = false;
            for (SubIcbAppointments counts : days.subMap(d.minusDays(WINDOW - 1), true, d, true).values()) {
                if (calendar.isWorkingDay(counts.day())) {
                    appointments += count(counts, metric);
                    lists += s.list();
                    practiceDays += s.practices();
                    used = true;
                }
            }
            if (used) {
                practices += s.practices();
            }
        }
        Double value = lists == 0 ? null : 1000 * appointments / lists;
        return new IndicatorValue(IndicatorValue.SCHEMA_VERSION, Indicator.APPOINTMENTS_RATE, null, metric, area, d,
                value, null, null, false, practices, practiceDays, now);
    }
}
