package uk.nhs.impactmonitor.simulator.output;

import java.time.LocalDate;
import java.util.List;

/** Where simulated events go: straight to Kafka (backfill) or through the ingest API (as practices would). */
public interface EventSink extends AutoCloseable {

    /**
     * Sends everything that arrives on {@code arrivalDay}, in order.
     *
     * @throws SinkException when the events could not be delivered; the caller may send the day again, every
     *                       event is idempotent (reports replace, notices have stable ids)
     */
    void send(LocalDate arrivalDay, List<SimulatedEvent> events);

    /** Waits until everything sent so far is delivered. */
    void flush();

    @Override
    void close();
}
