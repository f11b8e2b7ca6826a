"""隐患排查治理: the hazard register, its workflow and lists, trends and the 隐患台账 workbook."""
