"""Real-browser journeys and accessibility checks (Playwright + Debian's Chromium)."""
