"""Work done exactly once, whatever happens to the process: scheduled deliveries, the outbox, claiming rows, the tick."""
