package uk.nhs.impactmonitor.ingest.notice;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;

/**
 * Every notice as last known, keyed by noticeId: a view of {@code practice-notices}, so a restart rebuilds
 * it ({@link NoticeViewLoader}). Writes are also recorded here as soon as Kafka acknowledges them, so a
 * resend straight after is already a no-op; the topic position decides which of the two is newer.
 */
public final class NoticeView {

    /** A notice's latest event and where it sits on the topic (the key is the practice, so one partition per notice). */
    public record Entry(NoticeEvent event, int partition, long offset) {
    }

    private final Map<String, Entry> byNoticeId = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);

    public void apply(NoticeEvent event, int partition, long offset) {
        Entry entry = new Entry(event, partition, offset);
        byNoticeId.merge(event.noticeId(), entry,
                (known, candidate) -> candidate.partition() != known.partition() || candidate.offset() >= known.offset() ? candidate : known);
    }

    public Optional<NoticeEvent> find(String noticeId) {
        Entry entry = noticeId == null ? null : byNoticeId.get(noticeId);
        return Optional.ofNullable(entry == null ? null : entry.event());
    }

    /** Sorted by practice, start date and id, so a list reads the same on every call. */
    public List<NoticeEvent> matching(Predicate<NoticeEvent> filter) {
        return byNoticeId.values().stream()
                .map(Entry::event)
                .filter(filter)
                .sorted(Comparator.comparing(NoticeEvent::practiceCode)
                        .thenComparing(NoticeEvent::effectiveFrom)
                        .thenComparing(NoticeEvent::noticeId))
                .toList();
    }

    public int size() {
        return byNoticeId.size();
    }

    /** The topic has been read up to where it ended when the view started. */
    public void markCaughtUp() {
        caughtUp.countDown();
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    public boolean awaitCaughtUp(Duration timeout) {
        try {
            return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
