package uk.nhs.impactmonitor.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: Bearer <token>} (or {@code access_token} for an EventSource, which cannot
 * set headers) and, when the token is known, makes its {@link MonitorPrincipal} the caller. The static store is
 * asked first (a hash lookup: a machine client's token is found whatever its shape); a token it does not know that
 * has the shape of a signed JWT goes to the JWT decoder when one is configured (signature, algorithm, issuer,
 * audience, times; then the role claim, {@link JwtPrincipals}). An unknown or refused token leaves the caller
 * anonymous, so the entry point answers 401, with the refusal's reason when it was a JWT. Nothing of a token is
 * logged: a refusal logs its fixed reason only.
 */
public final class BearerTokenFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(BearerTokenFilter.class);
    private static final String PREFIX = "Bearer ";
    /** JWS compact serialisation: header.payload.signature, base64url without padding (an unsigned token ends in '.'). */
    private static final Pattern JWT_SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private final CredentialStore credentials;
    private final JwtDecoder jwtDecoder;
    private final JwtPrincipals jwtPrincipals;

    public BearerTokenFilter(CredentialStore credentials) {
        this(credentials, null, null);
    }

    /** @param jwtDecoder Spring Boot's decoder for the configured issuer, or null when JWTs are not configured */
    public BearerTokenFilter(CredentialStore credentials, JwtDecoder jwtDecoder, JwtPrincipals jwtPrincipals) {
        this.credentials = credentials;
        this.jwtDecoder = jwtDecoder;
        this.jwtPrincipals = jwtPrincipals;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        String token = null;
        if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            token = header.substring(PREFIX.length()).trim();
        } else if ("text/event-stream".equals(request.getHeader("Accept")) || request.getRequestURI().endsWith("/stream")) {
            token = request.getParameter("access_token");
        }
        authenticate(token, request).ifPresent(principal -> {
            var authentication = new UsernamePasswordAuthenticationToken(principal, null,
                    List.of(new SimpleGrantedAuthority("ROLE_" + principal.role().name())));
            SecurityContextHolder.getContext().setAuthentication(authentication);
        });
        chain.doFilter(request, response);
    }

    private Optional<MonitorPrincipal> authenticate(String token, HttpServletRequest request) {
        Optional<MonitorPrincipal> known = credentials.find(token);
        if (known.isPresent() || jwtDecoder == null || token == null || !JWT_SHAPE.matcher(token).matches()) {
            return known;
        }
        TokenRefusal refusal;
        try {
            return Optional.of(jwtPrincipals.principalOf(jwtDecoder.decode(token)));
        } catch (JwtPrincipals.RefusedToken e) {
            refusal = e.refusal();
        } catch (JwtException e) {
            refusal = TokenRefusal.of(e);
            if (refusal == TokenRefusal.UNCHECKABLE) {
                // the provider's fault, not the caller's: worth a warning, naming only the exceptions' classes (the decoder's
                // messages may quote the token)
                log.warn("A JWT could not be checked ({}, caused by {}): can the service reach the identity provider's issuer-uri / jwk-set-uri?",
                        e.getClass().getSimpleName(), e.getCause() == null ? "nothing" : e.getCause().getClass().getName());
            }
        }
        log.debug("JWT refused on {} {}: {}", request.getMethod(), request.getRequestURI(), refusal);
        request.setAttribute(TokenRefusal.ATTRIBUTE, refusal);
        return Optional.empty();
    }
}
