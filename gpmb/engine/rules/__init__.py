"""National rules as code; provincial numbers come from the pack."""
