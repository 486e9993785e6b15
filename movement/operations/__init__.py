"""Running the site: health checks for load balancers, backup and restore (README, Security and operations)."""
