"""隐患排查治理 in the window: the register, a hazard with its photos and steps, the two lists, trends."""
