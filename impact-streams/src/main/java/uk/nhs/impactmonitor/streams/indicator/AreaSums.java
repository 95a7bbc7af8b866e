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
        if (reportedOnDay) {
            reportingPractices++;
        }
        window.addPractice(practiceWindow);
        baseline.addPractice(practiceBaseline);
        for (CollectiveAction action : inForce) {
            int i = action.ordinal();
            participating[i]++;
            participatingPatients[i] += listSize;
            withWindow[i].addPractice(practiceWindow);
            withBaseline[i].addPractice(practiceBaseline);
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
