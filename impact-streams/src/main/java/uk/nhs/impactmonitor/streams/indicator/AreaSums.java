package uk.nhs.impactmonitor.streams.indicator;

import uk.nhs.impactmonitor.domain.action.CollectiveAction;

/**
 * Everything the indicators of one area A on one day d are computed from, as additive sums (an ICB's, or a
 * region's or England's as the sum of its ICBs'): |R(A,d)|, the window W(d) and baseline B over the
 * reporting practice-days, and per action the practices with the action in force on d (count, Σ list, and
 * that group's own window and baseline sums).
 */
public final class AreaSums {

    private static final int ACTIONS = CollectiveAction.values().length;

    private long reportingPractices;
    private final Sums window = new Sums();
    private final Sums baseline = new Sums();
    private final long[] participating = new long[ACTIONS];
    private final long[] participatingPatients = new long[ACTIONS];
    private final Sums[] withWindow = new Sums[ACTIONS];
    private final Sums[] withBaseline = new Sums[ACTIONS];

    public AreaSums() {
        for (int i = 0; i < ACTIONS; i++) {
            withWindow[i] = new Sums();
            withBaseline[i] = new Sums();
        }
    }

    /**
     * Adds one practice of A.
     *
     * @param reportedOnDay whether it has a report for d
     * @param practiceWindow its practice-days in W(d)
     * @param practiceBaseline its practice-days in B
     * @param inForce the actions in force at it on d
     * @param listSize list(p)
     */
    public void addPractice(boolean reportedOnDay, Sums practiceWindow, Sums practiceBaseline, Iterable<CollectiveAction> inForce,
                            int listSize) {
        int mask = 0;
        for (CollectiveAction action : inForce) {
            mask |= bit(action);
        }
        addPractice(reportedOnDay, practiceWindow, practiceBaseline, mask, listSize);
    }

    /** The bit of an action in an in-force mask. */
    public static int bit(CollectiveAction action) {
        return 1 << action.ordinal();
    }

    /**
     * As {@link #addPractice(boolean, Sums, Sums, Iterable, int)}, with the actions in force as a mask of {@link #bit}s:
     * the national model adds every practice to each of its areas for every day it computes, and iterating a collection
     * there took a third of a day's recomputation (docs/benchmarks.md).
     */
    public void addPractice(boolean reportedOnDay, Sums practiceWindow, Sums practiceBaseline, int inForce, int listSize) {
        if (reportedOnDay) {
            reportingPractices++;
        }
        window.addPractice(practiceWindow);
        baseline.addPractice(practiceBaseline);
        for (int rest = inForce; rest != 0; rest &= rest - 1) {
            int i = Integer.numberOfTrailingZeros(rest);
            participating[i]++;
            participatingPatients[i] += listSize;
            withWindow[i].addPractice(practiceWindow);
            withBaseline[i].addPractice(practiceBaseline);
        }
    }

    /**
     * Adds the sums of an area inside this one (an ICB's into its region's): the sums are additive over practices, so
     * adding each practice to its ICB only and rolling ICBs up does a third of the work of adding it to all three.
     */
    public void add(AreaSums inner) {
        reportingPractices += inner.reportingPractices;
        window.add(inner.window);
        baseline.add(inner.baseline);
        for (int i = 0; i < ACTIONS; i++) {
            participating[i] += inner.participating[i];
            participatingPatients[i] += inner.participatingPatients[i];
            withWindow[i].add(inner.withWindow[i]);
            withBaseline[i].add(inner.withBaseline[i]);
        }
    }

    public long reportingPractices() {
        return reportingPractices;
    }

    public Sums window() {
        return window;
    }

    public Sums baseline() {
        return baseline;
    }

    public long participating(CollectiveAction action) {
        return participating[action.ordinal()];
    }

    public long participatingPatients(CollectiveAction action) {
        return participatingPatients[action.ordinal()];
    }

    public Sums withWindow(CollectiveAction action) {
        return withWindow[action.ordinal()];
    }

    public Sums withBaseline(CollectiveAction action) {
        return withBaseline[action.ordinal()];
    }
}
