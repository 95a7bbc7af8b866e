package uk.nhs.impactmonitor.web.signin;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.nhs.impactmonitor.web.problem.Problems;

/**
 * {@code GET /api/v1/sign-in}, open without a credential (it is how a page learns where to get one): whether and
 * where the page may send a person to sign in through the organisation's identity provider. 404 problem when sign-in
 * is not configured, so the page offers the pasted credential only. Nothing here is secret: a public client's id and
 * the provider's public endpoints.
 */
@RestController
class SignInController {

    /** What a page needs to run authorization code with PKCE against the provider. */
    record SignIn(String issuer, String authorizationEndpoint, String tokenEndpoint, String clientId, List<String> scopes) {
    }

    private final SignInProperties properties;

    SignInController(SignInProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/api/v1/sign-in")
    ResponseEntity<?> signIn() {
        if (!properties.enabled()) {
            ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, "Sign-in not configured",
                    "This service has no identity provider to sign in with (monitor.security.sign-in): use an access credential.");
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        return ResponseEntity.ok(new SignIn(properties.issuer() == null ? null : properties.issuer().toString(),
                properties.authorizationEndpoint().toString(), properties.tokenEndpoint().toString(), properties.clientId(),
                properties.scopes()));
    }
}
