package uk.nhs.impactmonitor.alerts.notify;

import java.util.List;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.alerts.silence.Silence;
import uk.nhs.impactmonitor.alerts.subscription.Subscription;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;

/**
 * Pipeline stage "route": which alerts and which silence notices concern a receiver, before anything is muted. A
 * subscription hears of its area and the areas inside it; the forwarding Alertmanager of everything.
 */
public class Route {

    private final PracticeDirectory directory;

    public Route(PracticeDirectory directory) {
        this.directory = directory;
    }

    /** A PENDING alert is news to nobody but Alertmanager, which is told every alert and drops what is not firing or resolved. */
    public List<Alert> alerts(Receiver receiver, List<Alert> alerts) {
        Subscription subscription = receiver.subscription();
        if (subscription == null) {
            return alerts;
        }
        return alerts.stream().filter(a -> a.state() != AlertState.PENDING && directory.isWithin(a.area(), subscription.area())).toList();
    }

    /**
     * Silences made or ended are told to an area's subscribers when they name that area, an area inside it or one
     * around it, or no area at all; never to escalation contacts (they hear only of escalations) nor to Alertmanager.
     */
    public List<Silence> silences(Receiver receiver, List<Silence> silences) {
        Subscription subscription = receiver.subscription();
        if (subscription == null || subscription.escalation()) {
            return List.of();
        }
        return silences.stream().filter(silence -> {
            String area = silence.matchers().area();
            return area == null || directory.isWithin(area, subscription.area()) || directory.isWithin(subscription.area(), area);
        }).toList();
    }
}
