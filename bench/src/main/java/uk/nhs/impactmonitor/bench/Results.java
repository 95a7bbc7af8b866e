package uk.nhs.impactmonitor.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one run measured, filled in section by section, then written by {@link Report}. */
final class Results {

    final BenchSettings settings;
    String loadBefore;
    String loadAfter;
    Instant started;
    Instant finished;
    double brokerStartSeconds;
    int practices;
    String firstDay;
    String lastDay1x;
    final Map<Integer, NationalData.Produced> produced = new LinkedHashMap<>();
    RawConsumerBench.Result raw;
    SimpleAggregationBench.Result simple;
    final Map<Integer, ReplayBench.Result> replays = new LinkedHashMap<>();
    NationalModelBench.Result model;
    Profile.Summary profile;
    boolean indicatorsEqual;
    long indicatorsCompared;
    long indicatorsUnexplained;
    List<String> mismatches = new ArrayList<>();
    Map<String, Double> serviceStartSeconds = new LinkedHashMap<>();
    double stackReplaySeconds;
    NoticeLatencyBench.Result latency;
    IngestLoadBench.Single ingest;
    IngestLoadBench.Batch batch;
    AppointmentsIngestBench.Result appointments;
    List<ServiceStack.HeapUse> heaps = new ArrayList<>();
    double[] localStackStartUp;
    final List<String> notes = new ArrayList<>();

    Results(BenchSettings settings) {
        this.settings = settings;
    }

    /** Records counted at the given multiple: everything produced up to it. */
    long recordsAt(int scale) {
        return produced.entrySet().stream().filter(e -> e.getKey() <= scale).mapToLong(e -> e.getValue().records()).sum();
    }
}
