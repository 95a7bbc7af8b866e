package uk.nhs.impactmonitor.web.security;

import java.util.Locale;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Why a JWT was refused, in fixed words: the 401's detail and the only thing logged about it. The decoder's own
 * messages are never passed on, as they quote the token's claims (its expiry, its issuer).
 */
public enum TokenRefusal {
    MALFORMED("it is not a well-formed signed JWT"),
    ALGORITHM("it is unsigned, or signed with an algorithm or a key the identity provider does not publish"),
    BAD_SIGNATURE("its signature does not verify"),
    EXPIRED("it has expired"),
    NOT_YET_VALID("it is not valid yet (nbf)"),
    WRONG_ISSUER("it was issued by another issuer (iss)"),
    WRONG_AUDIENCE("it was issued for another audience (aud)"),
    INVALID_CLAIMS("its claims are not valid (exp, nbf, typ)"),
    NO_SUBJECT("it names no subject (sub)"),
    NO_ROLE("it carries no monitor role (ADMIN, REGION:<code>, ICB:<code> or PRACTICE:<code>)"),
    SEVERAL_ROLES("it carries more than one monitor role: one role per token"),
    UNKNOWN_SCOPE("its role names a region, ICB or practice this monitor does not know"),
    UNCHECKABLE("the identity provider's keys could not be fetched to check it");

    /** The request attribute holding the refusal, for the entry point's 401. */
    public static final String ATTRIBUTE = TokenRefusal.class.getName();

    private final String reason;

    TokenRefusal(String reason) {
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    /** Sorts Spring Security's decoding failure into one of the refusals, by the validator or decoder step that failed. */
    public static TokenRefusal of(JwtException e) {
        if (e instanceof JwtValidationException validation) {
            for (OAuth2Error error : validation.getErrors()) {
                String description = error.getDescription() == null ? "" : error.getDescription().toLowerCase(Locale.ROOT);
                if (description.contains("expired")) {
                    return EXPIRED;
                }
                if (description.contains("used before")) {
                    return NOT_YET_VALID;
                }
                if (description.contains("iss claim")) {
                    return WRONG_ISSUER;
                }
                if (description.contains("aud claim")) {
                    return WRONG_AUDIENCE;
                }
            }
            return INVALID_CLAIMS;
        }
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (e instanceof BadJwtException) {
            if (message.contains("invalid signature")) {
                return BAD_SIGNATURE;
            }
            if (message.contains("unsigned") || message.contains("algorithm") || message.contains("no matching key")) {
                return ALGORITHM;
            }
            return MALFORMED;
        }
        // not the token's fault: the JWK set or the issuer's metadata could not be read
        return UNCHECKABLE;
    }
}
