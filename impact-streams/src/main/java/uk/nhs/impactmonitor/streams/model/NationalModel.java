package uk.nhs.impactmonitor.streams.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.directory.Area;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.notice.NoticeStatus;
import uk.nhs.impactmonitor.streams.indicator.AreaSums;
import uk.nhs.impactmonitor.streams.indicator.IndicatorCalculator;
import uk.nhs.impactmonitor.streams.indicator.Sums;

/**
 * The national picture in memory: the latest report of every practice and day, the latest event of every
 * notice, and the horizon (first and last day with data). Pure and single-threaded: the stream processor
 * owns one, rebuilds it from its stores on start, and asks it which days a change affects and what a day's
 * indicators are. Every number is recomputed from the reports themselves, so a correction replaces and never
 * double counts.
 */
public final class NationalModel {

    /** Days in the window W(d) = d-6 … d. */
    public static final int WINDOW_DAYS = 7;

    private final PracticeDirectory directory;
    private final LocalDate baselineFrom;
    private final LocalDate baselineTo;
    private final Map<String, Integer> practiceIndex = new HashMap<>();
    private final Practice[] practices;
    private final String[] areaCodes;
    private final int[][] areasOfPractice;
    /**
     * Areas in roll-up order (every ICB, then every region) and the area each is added into: a practice is added to
     * its ICB only (its first area) and the sums rolled up, so each practice is walked once, not once per area.
     */
    private final int[] rollUp;
    private final int[] rollUpInto;

    /**
     * The latest counts of every practice and day, one flat int array per day (not a DailyReport object per report):
     * a national year is ~2.3M reports, which as objects in hash maps took ~200 bytes each and did not fit a 512 MiB
     * heap; as counts they take 28 bytes each, and a day's window is summed by walking arrays.
     */
    private final TreeMap<LocalDate, DayCounts> reportsByDay = new TreeMap<>();
    private final Map<String, NoticeEvent> notices = new HashMap<>();
    /** By practice index: asked for every practice on every day computed, so an array rather than a map keyed by boxed index. */
    private final List<Map<String, NoticeEvent>> noticesByPractice;
    /** The same as arrays, rebuilt when a practice's notices change: walked for every practice on every day computed. */
    private final NoticeEvent[][] noticeArrays;
    /** Actions any notice (any version seen) ever named in each area: where an attributable value may need retiring. */
    private final List<Set<CollectiveAction>> everNoticed = new ArrayList<>();
    private LocalDate earliest;
    private LocalDate latest;
    private Sums[] baselineByPractice;

    public NationalModel(PracticeDirectory directory, LocalDate baselineFrom, LocalDate baselineTo) {
        this.directory = directory;
        this.baselineFrom = baselineFrom;
        this.baselineTo = baselineTo;
        this.practices = directory.practices().toArray(Practice[]::new);
        Map<String, Integer> areaIndex = new LinkedHashMap<>();
        for (Area area : directory.areas()) {
            areaIndex.put(area.code(), areaIndex.size());
            everNoticed.add(EnumSet.noneOf(CollectiveAction.class));
        }
        this.areaCodes = areaIndex.keySet().toArray(String[]::new);
        this.areasOfPractice = new int[practices.length][];
        this.noticesByPractice = new ArrayList<>(java.util.Collections.nCopies(practices.length, (Map<String, NoticeEvent>) null));
        this.noticeArrays = new NoticeEvent[practices.length][];
        for (int i = 0; i < practices.length; i++) {
            practiceIndex.put(practices[i].code(), i);
            areasOfPractice[i] = directory.areasOf(practices[i].code()).stream().mapToInt(areaIndex::get).toArray();
        }
        // areasOf is smallest first (ICB, region, England): level k of every practice is rolled into level k + 1
        Map<Integer, Integer> into = new LinkedHashMap<>();
        for (int level = 0; level < 2; level++) {
            for (int[] chain : areasOfPractice) {
                Integer known = into.putIfAbsent(chain[level], chain[level + 1]);
                if (known != null && known != chain[level + 1]) {
                    throw new IllegalStateException(areaCodes[chain[level]] + " lies in two areas: " + areaCodes[known]
                            + " and " + areaCodes[chain[level + 1]]);
                }
            }
        }
        this.rollUp = into.keySet().stream().mapToInt(Integer::intValue).toArray();
        this.rollUpInto = into.values().stream().mapToInt(Integer::intValue).toArray();
    }

    public boolean isKnownPractice(String practiceCode) {
        return practiceIndex.containsKey(practiceCode);
    }

    public boolean inBaseline(LocalDate day) {
        return !day.isBefore(baselineFrom) && !day.isAfter(baselineTo);
    }

    public LocalDate earliest() {
        return earliest;
    }

    public LocalDate latest() {
        return latest;
    }

    /** Restores the horizon persisted earlier (it only ever widens). */
    public void restoreHorizon(LocalDate first, LocalDate last) {
        if (first != null) {
            widenHorizon(first);
        }
        if (last != null) {
            widenHorizon(last);
        }
    }

    /**
     * The days a change affects.
     *
     * @param everyDay every day of the horizon (a baseline report): said once rather than listing them, which would
     *                 cost a write per day for each of a national replay's ~170,000 baseline reports
     * @param days     the days affected, when not every day
     */
    public record Affected(boolean everyDay, Set<LocalDate> days) {
    }

    /**
     * Stores a report, replacing an earlier one for the same practice and day, and answers the days whose
     * values it changes (none when it changes nothing): d..d+6 for a report on d, every day when d is in the
     * baseline, and any days the horizon grew by.
     */
    public Affected putReport(DailyReport report) {
        int practice = practiceIndex.get(report.practiceCode());
        DayCounts ofDay = reportsByDay.computeIfAbsent(report.day(), d -> new DayCounts(practices.length));
        boolean changed = ofDay.put(practice, report);
        Set<LocalDate> affected = new TreeSet<>(widenHorizon(report.day()));
        if (!changed) {
            return new Affected(false, affected);
        }
        if (inBaseline(report.day())) {
            baselineByPractice = null;
            return new Affected(true, affected);
        }
        affected.addAll(days(report.day(), min(report.day().plusDays(WINDOW_DAYS - 1), latest)));
        return new Affected(false, affected);
    }

    /**
     * Stores a notice event as the notice's latest state and answers the days on which the in-force status may
     * have changed (the days either version was in force, within the horizon), plus any days the horizon grew by.
     */
    public Affected putNotice(NoticeEvent notice) {
        NoticeEvent previous = notices.put(notice.noticeId(), notice);
        if (previous != null) {
            Integer previousPractice = practiceIndex.get(previous.practiceCode());
            Map<String, NoticeEvent> ofPractice = previousPractice == null ? null : noticesByPractice.get(previousPractice);
            if (ofPractice != null) {
                ofPractice.remove(previous.noticeId());
                noticeArrays[previousPractice] = ofPractice.values().toArray(NoticeEvent[]::new);
            }
            remember(previous);
        }
        int practice = practiceIndex.get(notice.practiceCode());
        if (noticesByPractice.get(practice) == null) {
            noticesByPractice.set(practice, new HashMap<>());
        }
        noticesByPractice.get(practice).put(notice.noticeId(), notice);
        noticeArrays[practice] = noticesByPractice.get(practice).values().toArray(NoticeEvent[]::new);
        remember(notice);
        Set<LocalDate> affected = new TreeSet<>(widenHorizon(notice.effectiveFrom()));
        affected.addAll(inForceDays(previous));
        affected.addAll(inForceDays(notice));
        return new Affected(false, affected);
    }

    /** Every day from the earliest to the latest with data (empty before any data). */
    public List<LocalDate> allDays() {
        return earliest == null ? List.of() : days(earliest, latest);
    }

    /**
     * Every indicator of every area on day d, plus (as {@link DayValues#noLongerInForce}) the attributable values
     * of actions once noticed in an area but in force nowhere in it on d, which replace any earlier value.
     */
    public DayValues compute(LocalDate day, Instant now) {
        int n = practices.length;
        Sums[] window = new Sums[n];
        boolean[] reportedOnDay = new boolean[n];
        for (Map.Entry<LocalDate, DayCounts> entry : reportsByDay.subMap(day.minusDays(WINDOW_DAYS - 1), true, day, true).entrySet()) {
            boolean isDay = entry.getKey().equals(day);
            DayCounts ofDay = entry.getValue();
            for (int p = 0; p < n; p++) {
                if (ofDay.has(p)) {
                    if (window[p] == null) {
                        window[p] = new Sums();
                    }
                    window[p].addCounts(ofDay.counts, p * DayCounts.METRICS, practices[p].listSize());
                    reportedOnDay[p] |= isDay;
                }
            }
        }
        Sums[] baseline = baselineByPractice();
        Sums none = new Sums();

        AreaSums[] areas = new AreaSums[areaCodes.length];
        for (int a = 0; a < areas.length; a++) {
            areas[a] = new AreaSums();
        }
        for (int p = 0; p < n; p++) {
            int inForce = inForce(p, day);
            if (window[p] == null && baseline[p] == null && inForce == 0) {
                continue;
            }
            Sums ofWindow = window[p] == null ? none : window[p];
            Sums ofBaseline = baseline[p] == null ? none : baseline[p];
            areas[areasOfPractice[p][0]].addPractice(reportedOnDay[p], ofWindow, ofBaseline, inForce, practices[p].listSize());
        }
        for (int i = 0; i < rollUp.length; i++) {
            areas[rollUpInto[i]].add(areas[rollUp[i]]);
        }

        List<IndicatorValue> values = new ArrayList<>();
        List<IndicatorValue> retired = new ArrayList<>();
        for (int a = 0; a < areas.length; a++) {
            String area = areaCodes[a];
            long practicesInArea = directory.practicesIn(area).size();
            values.addAll(IndicatorCalculator.compute(area, day, areas[a], practicesInArea, directory.registeredPatients(area), now));
            for (CollectiveAction action : everNoticed.get(a)) {
                if (areas[a].participating(action) == 0) {
                    retired.addAll(IndicatorCalculator.noLongerInForce(area, day, action, practicesInArea, now));
                }
            }
        }
        return new DayValues(values, retired);
    }

    /**
     * A day's values.
     *
     * @param values          the indicators as they stand
     * @param noLongerInForce absent attributable values, to be written only over a value emitted earlier
     */
    public record DayValues(List<IndicatorValue> values, List<IndicatorValue> noLongerInForce) {
    }

    /** The actions in force at the practice on the day, as a mask of {@link AreaSums#bit}s. */
    private int inForce(int practice, LocalDate day) {
        NoticeEvent[] ofPractice = noticeArrays[practice];
        if (ofPractice == null) {
            return 0;
        }
        int actions = 0;
        for (NoticeEvent notice : ofPractice) {
            if (notice.inForceOn(day)) {
                actions |= AreaSums.bit(notice.action());
            }
        }
        return actions;
    }

    private Sums[] baselineByPractice() {
        if (baselineByPractice == null) {
            Sums[] sums = new Sums[practices.length];
            NavigableMap<LocalDate, DayCounts> inBaseline = reportsByDay.subMap(baselineFrom, true, baselineTo, true);
            for (DayCounts ofDay : inBaseline.values()) {
                for (int p = 0; p < practices.length; p++) {
                    if (ofDay.has(p)) {
                        if (sums[p] == null) {
                            sums[p] = new Sums();
                        }
                        sums[p].addCounts(ofDay.counts, p * DayCounts.METRICS, practices[p].listSize());
                    }
                }
            }
            baselineByPractice = sums;
        }
        return baselineByPractice;
    }

    /** The actions any notice in the area has ever named (see {@link #restoreEverNoticed}). */
    public Set<CollectiveAction> everNoticed(String areaCode) {
        int a = java.util.Arrays.asList(areaCodes).indexOf(areaCode);
        return a < 0 ? Set.of() : Set.copyOf(everNoticed.get(a));
    }

    /**
     * Brings back, after a restart, the actions earlier versions of notices named: the notice store keeps only each
     * notice's latest version, so an action a notice was corrected away from would otherwise be forgotten and its
     * last attributable value never retired.
     */
    public void restoreEverNoticed(String areaCode, java.util.Collection<CollectiveAction> actions) {
        int a = java.util.Arrays.asList(areaCodes).indexOf(areaCode);
        if (a >= 0) {
            everNoticed.get(a).addAll(actions);
        }
    }

    private void remember(NoticeEvent notice) {
        Integer practice = practiceIndex.get(notice.practiceCode());
        if (practice != null && notice.action() != null) {
            for (int a : areasOfPractice[practice]) {
                everNoticed.get(a).add(notice.action());
            }
        }
    }

    private List<LocalDate> inForceDays(NoticeEvent notice) {
        if (notice == null || notice.status() != NoticeStatus.ACTIVE || earliest == null) {
            return List.of();
        }
        LocalDate from = max(notice.effectiveFrom(), earliest);
        LocalDate to = notice.effectiveTo() == null ? latest : min(notice.effectiveTo(), latest);
        return days(from, to);
    }

    /** Widens the horizon to include {@code day}; answers the days it grew by. */
    private List<LocalDate> widenHorizon(LocalDate day) {
        if (earliest == null) {
            earliest = day;
            latest = day;
            return List.of(day);
        }
        List<LocalDate> added = new ArrayList<>();
        if (day.isBefore(earliest)) {
            added.addAll(days(day, earliest.minusDays(1)));
            earliest = day;
        }
        if (day.isAfter(latest)) {
            added.addAll(days(latest.plusDays(1), day));
            latest = day;
        }
        return added;
    }

    /** Every practice's latest counts on one day, in {@link Metric} order; a practice without a report has none. */
    private static final class DayCounts {
        static final int METRICS = Metric.values().length;
        private static final Metric[] ORDER = Metric.values();

        final int[] counts;
        private final java.util.BitSet reported;

        DayCounts(int practices) {
            counts = new int[practices * METRICS];
            reported = new java.util.BitSet(practices);
        }

        boolean has(int practice) {
            return reported.get(practice);
        }

        /** Stores the report's counts; answers whether anything changed (a first report always does). */
        boolean put(int practice, DailyReport report) {
            int at = practice * METRICS;
            boolean changed = !reported.get(practice);
            reported.set(practice);
            for (int m = 0; m < METRICS; m++) {
                int count = report.count(ORDER[m]);
                changed |= counts[at + m] != count;
                counts[at + m] = count;
            }
            return changed;
        }
    }

    static boolean sameCounts(DailyReport a, DailyReport b) {
        for (Metric metric : Metric.values()) {
            if (a.count(metric) != b.count(metric)) {
                return false;
            }
        }
        return true;
    }

    private static List<LocalDate> days(LocalDate from, LocalDate to) {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            days.add(day);
        }
        return days;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
