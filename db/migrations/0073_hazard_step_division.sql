-- A hazard's steps carry its 街镇 themselves: the hub decides a batch before applying it, so a step pushed
-- together with its new hazard could not find the hazard's division there (and was refused).
ALTER TABLE hazard_steps ADD COLUMN division TEXT;
