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
import uk.nhs.impactmonitor.domain.calendar.ActivityCalendar;
import uk.nhs.impactmonitor.streams.config.ImpactSettings;
import uk.nhs.impactmonitor.streams.indicator.Group;
import uk.nhs.impactmonitor.streams.indicator.IndicatorCalculator;
import uk.nhs.impactmonitor.streams.indicator.PracticeDays;
import uk.nhs.impactmonitor.streams.indicator.PracticeVector;

/**
 * The national picture in memory: the latest report of every practice and day, the latest event of every notice, the
 * data horizon H (the latest day of any report) and the range of days that have values. Pure and single-threaded: the
 * stream processor owns one, rebuilds it from its stores on start, and asks it which days a change affects and what a
 * day's indicators are. Every number is recomputed from the reports themselves, so a correction replaces and never
 * double counts.
 *
 * <p>Days with values run from the earliest day any report or notice names to the latest of H and every notice's
 * last day (its {@code effectiveTo}, or for an open-ended notice its {@code effectiveFrom}: beyond that, an open-ended
 * notice's days exist as H reaches them). The range only widens, so a value once emitted is always recomputed
 * (a withdrawn or shortened notice leaves its days with participation 0, not with a stale value). Report-based
 * values exist for days up to H only; participation for every day of the range, for every action any notice named.
 */
public final class NationalModel {

    /** Days in the window W(d) = d-6 … d. */
    public static final int WINDOW_DAYS = 7;
    private static final int ACTIONS = CollectiveAction.values().length;
    /** Group slots of an area: all its practices, then those with each action, then those without it. */
    private static final int ALL = 0;
    private static final int WITH = 1;
    private static final int WITHOUT = 1 + ACTIONS;
    private static final int SLOTS = 1 + 2 * ACTIONS;

    private final PracticeDirectory directory;
    private final LocalDate baselineFrom;
    private final LocalDate baselineTo;
    private final ActivityCalendar calendar;
    private final int reportingLagDays;
    private final Map<String, Integer> practiceIndex = new HashMap<>();
    private final Practice[] practices;
    private final String[] areaCodes;
    private final long[] practicesInArea;
    private final long[] patientsInArea;
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
    /** Actions any notice anywhere ever named, as a mask: participation exists for these. */
    private int namedActions;
    private LocalDate earliest;
    private LocalDate latest;

    /** Working state of {@link #compute}, reused from day to day (a national day is ~6,000 practices, ~1,000 groups). */
    private final PracticeDays window;
    private PracticeDays baseline;
    private boolean baselineValid;
    private final boolean[] reportedOnDay;
    private final int[] inForceAt;
    private final Group[][] groups;
    private final int[] actionsInArea;
    private final PracticeVector vector = new PracticeVector();

    /** With the built-in bank holidays and the default reporting lag. */
    public NationalModel(PracticeDirectory directory, LocalDate baselineFrom, LocalDate baselineTo) {
        this(directory, baselineFrom, baselineTo, ActivityCalendar.builtIn(),
                ImpactSettings.defaults().indicators().reportingLagDays());
    }

    /**
     * @param calendar         the bank holidays, for day types and working days
     * @param reportingLagDays L: a report-based value of day d is provisional when d > H − L
     */
    public NationalModel(PracticeDirectory directory, LocalDate baselineFrom, LocalDate baselineTo, ActivityCalendar calendar,
                         int reportingLagDays) {
        this.directory = directory;
        this.baselineFrom = baselineFrom;
        this.baselineTo = baselineTo;
        this.calendar = calendar;
        this.reportingLagDays = reportingLagDays;
        this.practices = directory.practices().toArray(Practice[]::new);
        Map<String, Integer> areaIndex = new LinkedHashMap<>();
        for (Area area : directory.areas()) {
            areaIndex.put(area.code(), areaIndex.size());
            everNoticed.add(EnumSet.noneOf(CollectiveAction.class));
        }
        this.areaCodes = areaIndex.keySet().toArray(String[]::new);
        this.practicesInArea = new long[areaCodes.length];
        this.patientsInArea = new long[areaCodes.length];
        for (int a = 0; a < areaCodes.length; a++) {
            practicesInArea[a] = directory.practicesIn(areaCodes[a]).size();
            patientsInArea[a] = directory.registeredPatients(areaCodes[a]);
        }
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
        this.window = new PracticeDays(practices.length);
        this.reportedOnDay = new boolean[practices.length];
        this.inForceAt = new int[practices.length];
        this.groups = new Group[areaCodes.length][SLOTS];
        for (Group[] ofArea : groups) {
            for (int s = 0; s < SLOTS; s++) {
                ofArea[s] = new Group();
            }
        }
        this.actionsInArea = new int[areaCodes.length];
    }

    public boolean isKnownPractice(String practiceCode) {
        return practiceIndex.containsKey(practiceCode);
    }

    public boolean inBaseline(LocalDate day) {
        return !day.isBefore(baselineFrom) && !day.isAfter(baselineTo);
    }

    /** The first day with values. */
    public LocalDate earliest() {
        return earliest;
    }

    /** The last day with values (participation); never before {@link #horizon()}. */
    public LocalDate latest() {
        return latest;
    }

    /** H: the latest activity day of any report, or null when there is none. */
    public LocalDate horizon() {
        return reportsByDay.isEmpty() ? null : reportsByDay.lastKey();
    }

    public int reportingLagDays() {
        return reportingLagDays;
    }

    /** Whether a report-based value of the day is provisional: d > H − L. */
    public boolean provisional(LocalDate day) {
        LocalDate horizon = horizon();
        return horizon != null && !day.isAfter(horizon) && day.isAfter(horizon.minusDays(reportingLagDays));
    }

    /** Restores the range of days persisted earlier (it only ever widens). */
    public void restoreHorizon(LocalDate first, LocalDate last) {
        if (first != null) {
            widen(first);
        }
        if (last != null) {
            widen(last);
        }
    }

    /**
     * The days a change affects.
     *
     * @param everyDay every day of the range (a baseline report, an action named for the first time): said once rather
     *                 than listing them, which would cost a write per day for each of a national replay's ~170,000
     *                 baseline reports
     * @param days     the days affected, when not every day
     */
    public record Affected(boolean everyDay, Set<LocalDate> days) {
    }

    /**
     * Stores a report, replacing an earlier one for the same practice and day, and answers the days whose values it
     * changes: d..d+6 up to H for a report on d, every day when d is in the baseline, the days the range grew by, and
     * when H moves, the days whose provisional flag changes or that now get report-based values.
     */
    public Affected putReport(DailyReport report) {
        int practice = practiceIndex.get(report.practiceCode());
        LocalDate before = horizon();
        DayCounts ofDay = reportsByDay.computeIfAbsent(report.day(), d -> new DayCounts(practices.length));
        boolean changed = ofDay.put(practice, report);
        LocalDate after = horizon();
        Set<LocalDate> affected = new TreeSet<>(widen(report.day()));
        if (!after.equals(before)) {
            affected.addAll(horizonMoved(before, after));
        }
        if (!changed) {
            return new Affected(false, affected);
        }
        if (inBaseline(report.day())) {
            baselineValid = false;
            return new Affected(true, affected);
        }
        affected.addAll(days(report.day(), min(report.day().plusDays(WINDOW_DAYS - 1), after)));
        return new Affected(false, affected);
    }

    /**
     * The days H moving from {@code before} to {@code after} affects: with no H before, every day up to H (report-based
     * values exist from now on); else the days that were provisional and are no longer (H₀ − L, H₁ − L], and the days
     * that now get report-based values (H₀, H₁].
     */
    private List<LocalDate> horizonMoved(LocalDate before, LocalDate after) {
        if (before == null) {
            return days(earliest, after);
        }
        List<LocalDate> moved = new ArrayList<>(days(max(before.minusDays(reportingLagDays - 1L), earliest),
                min(after.minusDays(reportingLagDays), before)));
        moved.addAll(days(before.plusDays(1), after));
        return moved;
    }

    /**
     * Stores a notice event as the notice's latest state and answers the days on which the in-force status may have
     * changed (the days either version was in force), the days the range grew by, or every day when the notice names
     * an action no notice named before (participation in it exists from now on, on every day).
     */
    public Affected putNotice(NoticeEvent notice) {
        NoticeEvent previous = notices.put(notice.noticeId(), notice);
        int namedBefore = namedActions;
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
        Set<LocalDate> affected = new TreeSet<>(widen(notice.effectiveFrom()));
        if (notice.effectiveTo() != null) {
            affected.addAll(widen(notice.effectiveTo()));
        }
        if (namedActions != namedBefore) {
            return new Affected(true, affected);
        }
        affected.addAll(inForceDays(previous));
        affected.addAll(inForceDays(notice));
        return new Affected(false, affected);
    }

    /** Every day from the earliest to the latest with values (empty before any data). */
    public List<LocalDate> allDays() {
        return earliest == null ? List.of() : days(earliest, latest);
    }

    /**
     * Every indicator of every area on day d, plus (as {@link DayValues#noLongerInForce}) the attributable values
     * of actions once noticed in an area but in force nowhere in it on d, which replace any earlier value.
     */
    public DayValues compute(LocalDate day, Instant now) {
        int n = practices.length;
        LocalDate horizon = horizon();
        boolean reportBased = horizon != null && !day.isAfter(horizon);
        boolean provisional = provisional(day);
        window.clear();
        java.util.Arrays.fill(reportedOnDay, false);
        if (reportBased) {
            for (Map.Entry<LocalDate, DayCounts> entry : reportsByDay.subMap(day.minusDays(WINDOW_DAYS - 1), true, day, true).entrySet()) {
                boolean isDay = entry.getKey().equals(day);
                int type = calendar.dayType(entry.getKey()).ordinal();
                DayCounts ofDay = entry.getValue();
                for (int p = ofDay.reported.nextSetBit(0); p >= 0; p = ofDay.reported.nextSetBit(p + 1)) {
                    window.add(p, type, ofDay.counts, p * DayCounts.METRICS);
                    reportedOnDay[p] |= isDay;
                }
            }
        }
        PracticeDays base = baseline();
        for (Group[] ofArea : groups) {
            for (int s = 0; s <= ACTIONS; s++) {
                ofArea[s].clear();
            }
        }

        // pass 1: the additive totals, each practice added to its ICB (and the groups of its actions there), rolled up
        for (int p = 0; p < n; p++) {
            int inForce = inForce(p, day);
            inForceAt[p] = inForce;
            boolean hasData = reportBased && (window.days(p) > 0 || base.days(p) > 0);
            if (!hasData && inForce == 0) {
                continue;
            }
            Group[] icb = groups[areasOfPractice[p][0]];
            long list = practices[p].listSize();
            if (hasData) {
                icb[ALL].addPractice(window, base, p, list, reportedOnDay[p]);
            }
            for (int rest = inForce; rest != 0; rest &= rest - 1) {
                icb[WITH + Integer.numberOfTrailingZeros(rest)].addPractice(window, base, p, list, reportedOnDay[p]);
            }
        }
        for (int i = 0; i < rollUp.length; i++) {
            Group[] from = groups[rollUp[i]];
            Group[] into = groups[rollUpInto[i]];
            for (int s = 0; s <= ACTIONS; s++) {
                into[s].add(from[s]);
            }
        }
        for (int a = 0; a < areaCodes.length; a++) {
            int mask = 0;
            for (int action = 0; action < ACTIONS; action++) {
                if (groups[a][WITH + action].members() > 0) {
                    mask |= 1 << action;
                }
            }
            actionsInArea[a] = mask;
        }

        if (reportBased) {
            for (int a = 0; a < areaCodes.length; a++) {
                Group[] ofArea = groups[a];
                ofArea[ALL].prepare(IndicatorCalculator.AREA_CHANGE_METRICS);
                for (int rest = actionsInArea[a]; rest != 0; rest &= rest - 1) {
                    int action = Integer.numberOfTrailingZeros(rest);
                    ofArea[WITHOUT + action].setDifference(ofArea[ALL], ofArea[WITH + action]);
                    ofArea[WITH + action].prepare(IndicatorCalculator.ATTRIBUTABLE_CHANGE_METRICS);
                    ofArea[WITHOUT + action].prepare(IndicatorCalculator.ATTRIBUTABLE_CHANGE_METRICS);
                }
            }
            // pass 2: Σ z_i² is not additive, so each practice with data is added to every group it belongs to
            for (int p = 0; p < n; p++) {
                if (window.days(p) == 0 && base.days(p) == 0) {
                    continue;
                }
                int inForce = inForceAt[p];
                vector.load(window, base, p, practices[p].listSize(), IndicatorCalculator.ATTRIBUTABLE_CHANGE_METRICS);
                for (int a : areasOfPractice[p]) {
                    Group[] ofArea = groups[a];
                    ofArea[ALL].addInfluence(vector, IndicatorCalculator.AREA_CHANGE_METRICS);
                    for (int rest = actionsInArea[a]; rest != 0; rest &= rest - 1) {
                        int action = Integer.numberOfTrailingZeros(rest);
                        Group group = (inForce & (1 << action)) != 0 ? ofArea[WITH + action] : ofArea[WITHOUT + action];
                        group.addInfluence(vector, IndicatorCalculator.ATTRIBUTABLE_CHANGE_METRICS);
                    }
                }
            }
        }

        List<IndicatorValue> values = new ArrayList<>();
        List<IndicatorValue> retired = new ArrayList<>();
        boolean workingDay = calendar.isWorkingDay(day);
        Group[] with = new Group[ACTIONS];
        Group[] without = new Group[ACTIONS];
        for (int a = 0; a < areaCodes.length; a++) {
            String area = areaCodes[a];
            System.arraycopy(groups[a], WITH, with, 0, ACTIONS);
            System.arraycopy(groups[a], WITHOUT, without, 0, ACTIONS);
            IndicatorCalculator.participation(area, day, with, namedActions, practicesInArea[a], patientsInArea[a], now, values);
            if (reportBased) {
                IndicatorCalculator.reportBased(area, day, groups[a][ALL], with, without, practicesInArea[a], workingDay, provisional,
                        now, values);
                for (CollectiveAction action : everNoticed.get(a)) {
                    if ((actionsInArea[a] & IndicatorCalculator.bit(action)) == 0) {
                        IndicatorCalculator.noLongerInForce(area, day, action, now, retired);
                    }
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

    /** The actions in force at the practice on the day, as a mask of {@link IndicatorCalculator#bit}s. */
    private int inForce(int practice, LocalDate day) {
        NoticeEvent[] ofPractice = noticeArrays[practice];
        if (ofPractice == null) {
            return 0;
        }
        int actions = 0;
        for (NoticeEvent notice : ofPractice) {
            if (notice.inForceOn(day)) {
                actions |= IndicatorCalculator.bit(notice.action());
            }
        }
        return actions;
    }

    private PracticeDays baseline() {
        if (baseline == null) {
            baseline = new PracticeDays(practices.length);
        }
        if (!baselineValid) {
            baseline.clear();
            NavigableMap<LocalDate, DayCounts> inBaseline = reportsByDay.subMap(baselineFrom, true, baselineTo, true);
            for (Map.Entry<LocalDate, DayCounts> entry : inBaseline.entrySet()) {
                int type = calendar.dayType(entry.getKey()).ordinal();
                DayCounts ofDay = entry.getValue();
                for (int p = ofDay.reported.nextSetBit(0); p >= 0; p = ofDay.reported.nextSetBit(p + 1)) {
                    baseline.add(p, type, ofDay.counts, p * DayCounts.METRICS);
                }
            }
            baselineValid = true;
        }
        return baseline;
    }

    /** The actions any notice in the area has ever named (see {@link #restoreEverNoticed}). */
    public Set<CollectiveAction> everNoticed(String areaCode) {
        int a = java.util.Arrays.asList(areaCodes).indexOf(areaCode);
        return a < 0 ? Set.of() : Set.copyOf(everNoticed.get(a));
    }

    /**
     * Brings back, after a restart, the actions earlier versions of notices named: the notice store keeps only each
     * notice's latest version, so an action a notice was corrected away from would otherwise be forgotten and its
     * last attributable and participation values never retired.
     */
    public void restoreEverNoticed(String areaCode, java.util.Collection<CollectiveAction> actions) {
        int a = java.util.Arrays.asList(areaCodes).indexOf(areaCode);
        if (a >= 0) {
            everNoticed.get(a).addAll(actions);
            for (CollectiveAction action : actions) {
                namedActions |= IndicatorCalculator.bit(action);
            }
        }
    }

    private void remember(NoticeEvent notice) {
        Integer practice = practiceIndex.get(notice.practiceCode());
        if (practice != null && notice.action() != null) {
            for (int a : areasOfPractice[practice]) {
                everNoticed.get(a).add(notice.action());
            }
            namedActions |= IndicatorCalculator.bit(notice.action());
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

    /** Widens the range of days with values to include {@code day}; answers the days it grew by. */
    private List<LocalDate> widen(LocalDate day) {
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
        static final int METRICS = Metric.REPORT_METRICS.size();
        private static final Metric[] ORDER = Metric.REPORT_METRICS.toArray(new Metric[0]);

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
        for (Metric metric : Metric.REPORT_METRICS) {
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
