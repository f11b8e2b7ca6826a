-- Indicator figures entered at the district centre are district-wide data: they sync like other mutable
-- records (the hub accepts them from the centre only, see xhduty/sync/authority.py).
UPDATE table_kinds SET kind = 'mutable' WHERE name = 'indicator_values';
