package uk.nhs.impactmonitor.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: Bearer <token>} (or {@code access_token} for an EventSource, which cannot
 * set headers) and, when the token is known, makes its {@link MonitorPrincipal} the caller. An unknown
 * token leaves the caller anonymous, so the entry point answers 401.
 */
public final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";
    private final CredentialStore credentials;

    public BearerTokenFilter(CredentialStore credentials) {
        this.credentials = credentials;
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
        credentials.find(token).ifPresent(principal -> {
            var authentication = new UsernamePasswordAuthenticationToken(principal, null,
                    List.of(new SimpleGrantedAuthority("ROLE_" + principal.role().name())));
            SecurityContextHolder.getContext().setAuthentication(authentication);
        });
        chain.doFilter(request, response);
    }
}
