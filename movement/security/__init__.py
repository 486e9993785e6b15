"""Security: response headers, rate limits, the login lockout, admin two-factor and who a client is (docs/security.md)."""
