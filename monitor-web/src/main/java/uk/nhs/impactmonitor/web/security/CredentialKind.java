package uk.nhs.impactmonitor.web.security;

/** How a caller proved who they are: recorded with the principal, so an audit can say which kind of credential acted. */
public enum CredentialKind {
    /** A configured bearer token, held as a SHA-256 hash (machine clients, the development tokens, the admin token). */
    STATIC,
    /** A signed JWT from the configured identity provider (OAuth2 resource server). */
    JWT
}
