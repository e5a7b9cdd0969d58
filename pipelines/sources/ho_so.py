"""Dossiers (hồ sơ TTHC): the sync layout (field codes) and the "Sổ theo dõi hồ sơ" workbook."""
