package uk.nhs.impactmonitor.web.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import uk.nhs.impactmonitor.domain.audit.AuditAction;
import uk.nhs.impactmonitor.domain.audit.AuditEvent;
import uk.nhs.impactmonitor.domain.directory.Area;
import uk.nhs.impactmonitor.domain.directory.AreaKind;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.web.problem.Refusals;
import uk.nhs.impactmonitor.web.security.MonitorPrincipal;

/**
 * The audit trail of a service (issue 18): one {@link AuditEvent} on {@code audit-log} per state change, read of
 * practice-level data and refused request. The caller records an event only after the change it records has been
 * accepted (written to Kafka), so the trail never claims a change that did not happen.
 *
 * <p><b>Writing the trail never fails a request.</b> Events go to Kafka on the audit writer's own thread: a request
 * neither waits for the audit write nor hears of its failure, so a 202 stays a 202 when {@code audit-log} cannot be
 * written. A lost event (Kafka did not take it within {@code monitor.audit.send-timeout}, or the writer's queue was
 * full) is logged and counted in {@code monitor_audit_write_failures_total}, which is what to alert on. The price: an
 * event recorded in the moment before a crash can be lost; the change itself is on its own topic either way.
 *
 * <p>Nothing of a credential is ever written: the actor is the principal's subject, name, role and scope; a refusal
 * records the request's method and path (never its query, which may carry an EventSource's {@code access_token}) and
 * a fixed reason.
 */
public class AuditLog implements Refusals {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_TEXT = 256;

    /** Records nothing ({@code monitor.audit.enabled=false}). */
    public static final AuditLog NONE = new AuditLog();

    private final String service;
    private final Clock clock;
    private final KafkaTemplate<String, byte[]> template;
    private final Duration sendTimeout;
    private final ThreadPoolExecutor writer;
    private final Counter written;
    private final Counter failures;
    private volatile boolean failing;

    private AuditLog() {
        this.service = null;
        this.clock = Clock.systemUTC();
        this.template = null;
        this.sendTimeout = Duration.ZERO;
        this.writer = null;
        this.written = null;
        this.failures = null;
    }

    public AuditLog(String service, KafkaTemplate<String, byte[]> template, AuditProperties properties, MeterRegistry meters, Clock clock) {
        this.service = service;
        this.clock = clock;
        this.template = template;
        this.sendTimeout = properties.sendTimeout();
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(properties.queueCapacity()), r -> {
            Thread thread = new Thread(r, "audit-log-writer");
            thread.setDaemon(true);
            return thread;
        });
        this.written = Counter.builder("monitor.audit.events.written").description("audit events acknowledged by Kafka on audit-log")
                .register(meters);
        this.failures = Counter.builder("monitor.audit.write.failures")
                .description("audit events that could not be written to audit-log (logged; the request they record was answered as usual)")
                .register(meters);
    }

    /** A change or read by the current caller that succeeded ({@code status} is what the caller is answered). */
    public void succeeded(AuditAction action, String resource, String area, int status, Map<String, ?> detail) {
        if (template == null) {
            return;
        }
        write(new AuditEvent(AuditEvent.SCHEMA_VERSION, UUID.randomUUID(), clock.instant(), service, actorOf(currentPrincipal()), action,
                resource, area, AuditEvent.Outcome.SUCCEEDED, status, compact(detail)));
    }

    /**
     * A refused request (401 or 403), recorded in one place for every service: the security entry point, the
     * access-denied handler, and the problem handler of {@code CurrentCaller.require}'s refusal.
     */
    @Override
    public void refused(HttpServletRequest request, int status, String reason) {
        if (template == null) {
            return;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("method", request.getMethod());
        detail.put("reason", truncate(reason));
        write(new AuditEvent(AuditEvent.SCHEMA_VERSION, UUID.randomUUID(), clock.instant(), service, actorOf(currentPrincipal()),
                AuditAction.REQUEST_REFUSED, truncate(request.getRequestURI()), null, AuditEvent.Outcome.REFUSED, status, detail));
    }

    /**
     * What the service did by itself (a silence reaching its end), written now and waited for: {@code true} once
     * Kafka acknowledged it, so the caller can remember it as recorded. {@code eventId} is the caller's, so that a
     * second write after a crash between the two carries the same id and readers count it once.
     */
    public boolean recordNow(UUID eventId, AuditAction action, String resource, String area, Map<String, ?> detail) {
        if (template == null) {
            return true;
        }
        AuditEvent event = new AuditEvent(AuditEvent.SCHEMA_VERSION, eventId, clock.instant(), service, AuditEvent.Actor.service(service),
                action, resource, area, AuditEvent.Outcome.SUCCEEDED, null, compact(detail));
        try {
            template.send(Topics.AUDIT_LOG.name(), event.eventId().toString(), serialise(event)).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            written.increment();
            recovered();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lost(event, e);
            return false;
        } catch (Exception e) {
            lost(event, e);
            return false;
        }
    }

    /** The audit actor of a principal: never its token (a principal holds none). */
    public static AuditEvent.Actor actorOf(MonitorPrincipal principal) {
        if (principal == null) {
            return AuditEvent.Actor.ANONYMOUS;
        }
        return new AuditEvent.Actor(principal.subject(), principal.name(), principal.role().name(), principal.scope(),
                AuditEvent.Credential.valueOf(principal.credential().name()));
    }

    /**
     * The smallest area holding all of {@code areas} (ICB or region codes): the one ICB, else their one region, else
     * England; {@code null} for none. What a batch or a file spanning several ICBs concerns.
     */
    public static String narrowestArea(Collection<String> areas, PracticeDirectory directory) {
        Set<String> distinct = areas.stream().filter(a -> a != null).collect(Collectors.toSet());
        if (distinct.isEmpty()) {
            return null;
        }
        if (distinct.size() == 1) {
            return distinct.iterator().next();
        }
        Set<String> regions = distinct.stream()
                .map(code -> directory.area(code).map(a -> a.kind() == AreaKind.REGION ? a.code() : a.parent()).orElse(Area.ENGLAND))
                .collect(Collectors.toSet());
        return regions.size() == 1 ? regions.iterator().next() : Area.ENGLAND;
    }

    /** Waits (bounded by the send timeout) for the events queued so far, then stops the writer. */
    public void close() {
        if (writer == null) {
            return;
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(Math.min(sendTimeout.toMillis(), 5_000), TimeUnit.MILLISECONDS)) {
                log.warn("Closing with {} audit event(s) not yet written to {}", writer.getQueue().size(), Topics.AUDIT_LOG.name());
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(AuditEvent event) {
        try {
            writer.execute(() -> send(event));
        } catch (RejectedExecutionException e) {
            lost(event, e);
        }
    }

    private void send(AuditEvent event) {
        try {
            template.send(Topics.AUDIT_LOG.name(), event.eventId().toString(), serialise(event)).whenComplete((result, e) -> {
                if (e == null) {
                    written.increment();
                    recovered();
                } else {
                    lost(event, e);
                }
            });
        } catch (RuntimeException e) {
            // e.g. no metadata for audit-log within max.block.ms: Kafka unreachable
            lost(event, e);
        }
    }

    private static byte[] serialise(AuditEvent event) {
        return Topics.AUDIT_LOG.valueSerde().serializer().serialize(Topics.AUDIT_LOG.name(), event);
    }

    /** Logged once at WARN while Kafka stays away (then at DEBUG), always counted. Names the event, never its detail. */
    private void lost(AuditEvent event, Throwable e) {
        failures.increment();
        Throwable cause = e.getCause() != null && e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
        if (!failing) {
            failing = true;
            log.warn("Could not write audit event {} ({} {}) to {}: {}; counted in monitor_audit_write_failures_total, the request was answered as usual",
                    event.eventId(), event.action(), event.resource(), Topics.AUDIT_LOG.name(), cause.getClass().getSimpleName());
        } else {
            log.debug("Could not write audit event {} ({}): {}", event.eventId(), event.action(), cause.getClass().getSimpleName());
        }
    }

    private void recovered() {
        if (failing) {
            failing = false;
            log.info("Writing audit events to {} again", Topics.AUDIT_LOG.name());
        }
    }

    private static MonitorPrincipal currentPrincipal() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof MonitorPrincipal principal ? principal : null;
    }

    private static Map<String, Object> compact(Map<String, ?> detail) {
        Map<String, Object> compact = new LinkedHashMap<>();
        if (detail != null) {
            detail.forEach((key, value) -> {
                if (value != null) {
                    compact.put(key, value instanceof String text ? truncate(text) : value);
                }
            });
        }
        return compact;
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 3) + "...";
    }
}
