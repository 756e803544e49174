"""The demo district: a fictional 구 with realistic Korean data (`gamdong demo`, `gamdong seed`)."""
