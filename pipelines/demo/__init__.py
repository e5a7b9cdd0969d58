"""Seeded generator of a realistic year (2025) of demo exports for Khúc Thừa Dụ commune, Hải Phòng.

`write_demo(out_dir, seed)` writes the files the commune really receives, with their quirks: title
rows, two-row headers, rows of column numbers, signature footers, national sync field codes, JSON
Lines, Windows-1258 and UTF-16 text, monthly dossier exports that re-export still-open dossiers with
a newer status. The story a Chairman should recognise at 31/12/2025:

- most targets met, clearly;
- red in several departments: TTHC-07 (dossiers kept only in the paper book while the new
  commune's accounts were set up in July), TCCO-01 (≈ 85% of the capital plan disbursed), CDDH-04
  (one city task finished late, one overdue), CQS-10 (≈ 52% of fee-paying dossiers paid online),
  TTHC-04 (a transferred procedure not yet on the national portal at its 20/07 deadline, fixed in
  the 31/07 catalogue), CVU-04 (attested not done);
- stale: the e-office work-file export (`ho_so_cong_viec`) stops on 15/10/2025, so CQS-01 has
  no fresh data at year end although it was green (≈ 75%) before.

Dossiers are generated as whole lives (intake, promised date, end, return, supplements, rating)
with vectorised numpy/Polars operations; each export then shows them as they stood at its date.
Each section draws from its own numpy Generator seeded by (seed, section), so a seed always gives
byte-identical files.

One module per export family (dossiers, catalogue, petitions, disbursement, documents, tasks, reports, organisation,
attestations, scores, neighbours), their tables as data files in tables/, what they share in common.py and the
workbook writer in workbook.py; this module orders them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pipelines.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, add_demo_accounts
from pipelines.demo.attestations import write_attestations
from pipelines.demo.catalogue import procedures, write_catalogues
from pipelines.demo.disbursement import write_disbursement
from pipelines.demo.documents import write_documents, write_work_files
from pipelines.demo.dossiers import (
    draw_dossiers,
    draw_paper_dossiers,
    write_one_stop_book,
    write_paper_book,
    write_sync_exports,
)
from pipelines.demo.neighbours import write_neighbours
from pipelines.demo.organisation import write_organisation, write_staff
from pipelines.demo.petitions import draw_petitions, write_petitions
from pipelines.demo.reports import write_reports
from pipelines.demo.scores import write_scores
from pipelines.demo.tasks import write_tasks
from warehouse.app.store import store_path

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "add_demo_accounts", "build_demo", "write_demo"]


def write_demo(out_dir: Path, seed: int = 2025) -> list[Path]:
    """Write a realistic 2025 of exports for the commune into out_dir; return the files written."""
    out = Path(out_dir)

    def rng(section: int) -> np.random.Generator:
        """An independent stream per section, so that sections do not shift each other's draws."""
        return np.random.default_rng([seed, section])

    procs = procedures()
    dossiers = draw_dossiers(rng(1), procs)
    paper = draw_paper_dossiers(rng(2), procs)
    petitions = draw_petitions(rng(3), dossiers)
    files = write_sync_exports(out / "ho_so", dossiers)
    files.append(write_one_stop_book(out / "ho_so" / "so_theo_doi_ho_so_2025-Q4.xlsx", dossiers, rng(5)))
    files.append(write_paper_book(out / "ho_so" / "so_giay_2025.xlsx", paper))
    files += write_catalogues(out / "thu_tuc", procs)
    files += write_petitions(out / "pakn", petitions)
    files += write_disbursement(out / "giai_ngan", rng(6))
    files += write_documents(out / "van_ban_den", rng(7))
    files.append(write_work_files(out / "ho_so_cong_viec" / "ho_so_cong_viec_2025-10-15.txt", rng(8)))
    files.append(write_tasks(out / "nhiem_vu" / "theo_doi_nhiem_vu_2025.xlsx", rng(9)))
    files.append(write_reports(out / "bao_cao_dinh_ky" / "bao_cao_dinh_ky_2025.csv"))
    files += write_organisation(out / "to_chuc")
    files.append(write_staff(out / "nhan_su" / "nhan_su_2025.xlsx"))
    files.append(write_attestations(out / "xac_nhan" / "xac_nhan_chi_tieu_2025.xlsx"))
    files += write_scores(out / "diem_766", rng(10))
    files += write_neighbours(out / "thanh_pho", dossiers, rng(11))
    return files


def build_demo(folder: Path, warehouse: Path, progress: bool = False):
    """Write the demo exports into `folder`, load them into `warehouse` and mark it as demo data; the load's report."""
    from pipelines.load import load
    from warehouse.publish import mark_demo

    write_demo(folder)
    report = load([folder], warehouse, progress=progress)
    mark_demo(warehouse)
    add_demo_accounts(store_path(warehouse))
    return report
