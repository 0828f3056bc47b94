"""Email alerts: rules decide who hears of which change, the outbox keeps every alert until the
mail server has it, and delivery sends one email per check (or one digest per period)."""
