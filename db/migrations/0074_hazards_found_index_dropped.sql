-- hazards_list (0071) serves every query hazards_found served (they all ask for deleted = 0): one index
-- fewer to keep up on each write.
DROP INDEX hazards_found;
