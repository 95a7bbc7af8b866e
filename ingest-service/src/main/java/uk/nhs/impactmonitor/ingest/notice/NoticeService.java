package uk.nhs.impactmonitor.ingest.notice;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.RecordMetadata;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.domain.notice.NoticeStatus;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.ingest.kafka.KafkaUnavailableException;
import uk.nhs.impactmonitor.ingest.kafka.RecordPublisher;
import uk.nhs.impactmonitor.ingest.metrics.IngestMetrics;
import uk.nhs.impactmonitor.web.problem.InvalidRequestException;
import uk.nhs.impactmonitor.web.problem.NotFoundException;
import uk.nhs.impactmonitor.web.security.CurrentCaller;
import uk.nhs.impactmonitor.web.security.MonitorPrincipal;

/**
 * Declares, corrects and withdraws notices: each change is one event on {@code practice-notices}, keyed by
 * practice, written before the caller hears "accepted". Changes to one notice are serialised so that two
 * concurrent sends of the same noticeId write it once.
 */
public class NoticeService {

    /** Outcome of a declaration: written now, or already known (a resend). */
    public record Declared(NoticeEvent notice, boolean created) {
    }

    private static final int LOCK_STRIPES = 64;

    private final NoticeView view;
    private final RecordPublisher publisher;
    private final PracticeDirectory directory;
    private final Clock clock;
    private final Duration viewTimeout;
    private final IngestMetrics metrics;
    private final Object[] locks = new Object[LOCK_STRIPES];

    public NoticeService(NoticeView view, RecordPublisher publisher, PracticeDirectory directory, Clock clock, Duration viewTimeout,
                         IngestMetrics metrics) {
        this.view = view;
        this.publisher = publisher;
        this.directory = directory;
        this.clock = clock;
        this.viewTimeout = viewTimeout;
        this.metrics = metrics;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    public Declared declare(NoticeRequest request) {
        MonitorPrincipal caller = CurrentCaller.get();
        CurrentCaller.require(caller.mayActForPractice(request.practiceCode(), directory), "submit notices for practice " + request.practiceCode());
        String noticeId = request.noticeId() != null ? request.noticeId() : UUID.randomUUID().toString();
        awaitView();
        synchronized (lockFor(noticeId)) {
            NoticeEvent known = view.find(noticeId).orElse(null);
            if (known != null) {
                CurrentCaller.require(caller.mayActForPractice(known.practiceCode(), directory), "read notice " + noticeId);
                metrics.noticeResent();
                return new Declared(known, false);
            }
            NoticeEvent event = event(NoticeEventType.DECLARED, noticeId, request);
            write(event, caller);
            return new Declared(event, true);
        }
    }

    public NoticeEvent correct(String noticeId, NoticeRequest request) {
        MonitorPrincipal caller = CurrentCaller.get();
        if (request.noticeId() != null && !request.noticeId().equals(noticeId)) {
            throw new InvalidRequestException("noticeId", "must match the notice in the path (" + noticeId + ") or be left out");
        }
        awaitView();
        synchronized (lockFor(noticeId)) {
            NoticeEvent known = changeable(noticeId, caller, "correct");
            if (!known.practiceCode().equals(request.practiceCode())) {
                throw new InvalidRequestException("practiceCode", "a correction cannot move a notice to another practice (the notice is for "
                        + known.practiceCode() + "); withdraw it and notify again");
            }
            NoticeEvent event = event(NoticeEventType.CORRECTED, noticeId, request);
            write(event, caller);
            return event;
        }
    }

    public NoticeEvent withdraw(String noticeId) {
        MonitorPrincipal caller = CurrentCaller.get();
        awaitView();
        synchronized (lockFor(noticeId)) {
            NoticeEvent known = changeable(noticeId, caller, "withdraw");
            NoticeEvent event = new NoticeEvent(NoticeEvent.SCHEMA_VERSION, NoticeEventType.WITHDRAWN, noticeId, known.practiceCode(), known.action(),
                    known.effectiveFrom(), known.effectiveTo(), known.submittedBy(), known.note(), clock.instant());
            write(event, caller);
            return event;
        }
    }

    public List<NoticeEvent> list(Predicate<NoticeEvent> filter) {
        awaitView();
        return view.matching(filter);
    }

    private NoticeEvent changeable(String noticeId, MonitorPrincipal caller, String what) {
        NoticeEvent known = view.find(noticeId).orElseThrow(() -> new NotFoundException("no notice with id '" + noticeId + "'"));
        CurrentCaller.require(caller.mayActForPractice(known.practiceCode(), directory), what + " notice " + noticeId);
        if (known.status() == NoticeStatus.WITHDRAWN) {
            throw new NoticeConflictException("notice '" + noticeId + "' was withdrawn at " + known.occurredAt() + " and can no longer be changed");
        }
        return known;
    }

    private NoticeEvent event(NoticeEventType type, String noticeId, NoticeRequest request) {
        return new NoticeEvent(NoticeEvent.SCHEMA_VERSION, type, noticeId, request.practiceCode(), request.action(), request.effectiveFrom(),
                request.effectiveTo(), request.submittedBy(), request.note(), clock.instant());
    }

    private void write(NoticeEvent event, MonitorPrincipal caller) {
        RecordMetadata written = publisher.publish(Topics.PRACTICE_NOTICES, event.practiceCode(), event, caller.name());
        view.apply(event, written.partition(), written.offset());
        metrics.noticeAccepted(event.type());
    }

    private void awaitView() {
        if (!view.awaitCaughtUp(viewTimeout)) {
            throw new KafkaUnavailableException("the notices already on " + Topics.PRACTICE_NOTICES.name() + " could not be read yet");
        }
    }

    private Object lockFor(String noticeId) {
        return locks[Math.floorMod(noticeId.hashCode(), LOCK_STRIPES)];
    }
}
