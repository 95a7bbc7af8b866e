package uk.nhs.impactmonitor.alerts.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.http.HttpStatus;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.nhs.impactmonitor.alerts.notify.WebhookUrlPolicy;
import uk.nhs.impactmonitor.alerts.subscription.Subscription;
import uk.nhs.impactmonitor.alerts.subscription.SubscriptionStore;
import uk.nhs.impactmonitor.domain.audit.AuditAction;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.web.audit.AuditLog;
import uk.nhs.impactmonitor.web.problem.FieldError;
import uk.nhs.impactmonitor.web.problem.InvalidRequestException;
import uk.nhs.impactmonitor.web.problem.NotFoundException;
import uk.nhs.impactmonitor.web.security.CurrentCaller;
import uk.nhs.impactmonitor.web.security.MonitorPrincipal;
import uk.nhs.impactmonitor.web.security.Role;

/**
 * Who is told about which area and how. Admin manages every subscription; a region those of its region and
 * its ICBs; an ICB those of its own ICB (it reads those alerts, so it may choose to hear them). Secrets are
 * taken, never shown; a Teams URL (its query is the channel's credential) is shown masked.
 */
@RestController
@RequestMapping("/api/v1/subscriptions")
class SubscriptionsController {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    static final int MIN_SECRET_LENGTH = 8;

    private final SubscriptionStore subscriptions;
    private final PracticeDirectory directory;
    private final Clock clock;
    private final WebhookUrlPolicy urlPolicy;
    private final AuditLog audit;

    SubscriptionsController(SubscriptionStore subscriptions, PracticeDirectory directory, Clock alertsClock, WebhookUrlPolicy urlPolicy,
                            AuditLog audit) {
        this.subscriptions = subscriptions;
        this.directory = directory;
        this.clock = alertsClock;
        this.urlPolicy = urlPolicy;
        this.audit = audit;
    }

    record WebhookRequest(String url, String secret) {
    }

    /** @param url a Microsoft Teams Workflows incoming-webhook URL */
    record TeamsRequest(String url) {
    }

    record SubscriptionRequest(String area, WebhookRequest webhook, String email, TeamsRequest teams, Boolean escalation) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record WebhookView(String url) {
    }

    /** @param url scheme and host only ({@code https://example.webhook.office.com/***}) */
    record TeamsView(String url) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SubscriptionView(String subscriptionId, String area, WebhookView webhook, String email, TeamsView teams, boolean escalation,
                            String createdBy, Instant createdAt) {
        static SubscriptionView of(Subscription s) {
            return new SubscriptionView(s.subscriptionId(), s.area(), s.webhook() == null ? null : new WebhookView(s.webhook().url()),
                    s.email(), s.teams() == null ? null : new TeamsView(s.teams().masked()), s.escalation(), s.createdBy(), s.createdAt());
        }
    }

    @PostMapping
    ResponseEntity<Map<String, String>> subscribe(@RequestBody SubscriptionRequest request) {
        MonitorPrincipal caller = CurrentCaller.get();
        List<FieldError> errors = new ArrayList<>();
        if (request.area() == null || request.area().isBlank()) {
            errors.add(new FieldError("area", "required"));
        } else if (directory.area(request.area()).isEmpty()) {
            errors.add(new FieldError("area", "unknown area '" + request.area() + "'"));
        }
        if (request.webhook() == null && (request.email() == null || request.email().isBlank()) && request.teams() == null) {
            errors.add(new FieldError("webhook", "give a webhook, an email or a teams URL (or several)"));
        }
        if (request.webhook() != null) {
            urlPolicy.refusal(request.webhook().url()).ifPresent(reason -> errors.add(new FieldError("webhook.url", reason)));
            if (request.webhook().secret() == null || request.webhook().secret().isBlank()) {
                errors.add(new FieldError("webhook.secret", "required: deliveries are signed with it"));
            } else if (request.webhook().secret().length() < MIN_SECRET_LENGTH) {
                errors.add(new FieldError("webhook.secret", "at least " + MIN_SECRET_LENGTH + " characters"));
            }
        }
        if (request.teams() != null) {
            // the same address policy as a webhook's: the service posts to it from inside the network
            urlPolicy.refusal(request.teams().url()).ifPresent(reason -> errors.add(new FieldError("teams.url", reason)));
        }
        if (request.email() != null && !EMAIL.matcher(request.email()).matches()) {
            errors.add(new FieldError("email", "not an e-mail address"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        CurrentCaller.require(mayManage(caller, request.area()), "subscribe to the alerts of " + request.area());
        Subscription subscription = new Subscription(Subscription.SCHEMA_VERSION, UUID.randomUUID().toString(), request.area(),
                request.webhook() == null ? null : new Subscription.Webhook(request.webhook().url(), request.webhook().secret()),
                request.email() == null || request.email().isBlank() ? null : request.email(),
                request.teams() == null ? null : new Subscription.Teams(request.teams().url()),
                Boolean.TRUE.equals(request.escalation()), caller.name(), clock.instant());
        subscriptions.save(subscription);
        audit.succeeded(AuditAction.SUBSCRIPTION_ADDED, "subscription/" + subscription.subscriptionId(), subscription.area(),
                HttpStatus.CREATED.value(), detailOf(subscription));
        return ResponseEntity.created(URI.create("/api/v1/subscriptions/" + subscription.subscriptionId()))
                .body(Map.of("subscriptionId", subscription.subscriptionId()));
    }

    @GetMapping
    List<SubscriptionView> list() {
        MonitorPrincipal caller = CurrentCaller.get();
        return subscriptions.all().stream().filter(s -> mayManage(caller, s.area())).map(SubscriptionView::of).toList();
    }

    @GetMapping("/{subscriptionId}")
    SubscriptionView get(@PathVariable String subscriptionId) {
        return SubscriptionView.of(manageable(subscriptionId));
    }

    @DeleteMapping("/{subscriptionId}")
    ResponseEntity<Void> unsubscribe(@PathVariable String subscriptionId) {
        Subscription subscription = manageable(subscriptionId);
        subscriptions.delete(subscription.subscriptionId());
        audit.succeeded(AuditAction.SUBSCRIPTION_REMOVED, "subscription/" + subscriptionId, subscription.area(), HttpStatus.NO_CONTENT.value(),
                detailOf(subscription));
        return ResponseEntity.noContent().build();
    }

    private Subscription manageable(String subscriptionId) {
        Subscription subscription = subscriptions.find(subscriptionId)
                .orElseThrow(() -> new NotFoundException("no subscription " + subscriptionId));
        CurrentCaller.require(mayManage(CurrentCaller.get(), subscription.area()), "manage the subscriptions of " + subscription.area());
        return subscription;
    }

    /** How it notifies, never where to: a webhook URL or an address is the receiver's, and a URL may carry a key. */
    private static Map<String, Object> detailOf(Subscription subscription) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("webhook", subscription.webhook() != null);
        detail.put("email", subscription.email() != null);
        detail.put("escalation", subscription.escalation());
        return detail;
    }

    private boolean mayManage(MonitorPrincipal caller, String area) {
        return caller.mayManageAlertsOf(area, directory) || (caller.role() == Role.ICB && caller.scope().equals(area));
    }
}
